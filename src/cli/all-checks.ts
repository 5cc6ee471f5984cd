import type { CheckMeta } from '../core/check.js';
import codeChecks from '../engines/code/checks/index.js';
import logsChecks from '../engines/logs/checks/index.js';
import scanChecks from '../engines/scan/checks/index.js';
import secretsChecks from '../engines/secrets/checks/index.js';
import specChecks from '../engines/spec/checks/index.js';

/**
 * Every engine's check list, for the conformance test, docs generation and `rampart checks`.
 * Each engine adds one line importing its `checks/index.ts`; keep the list sorted by engine.
 */
export const ALL_CHECK_LISTS: ReadonlyArray<readonly { readonly meta: CheckMeta }[]> = [codeChecks, logsChecks, scanChecks, secretsChecks, specChecks];

/** Metadata of every registered check, sorted by id. */
export function allCheckMetas(): CheckMeta[] {
  return ALL_CHECK_LISTS.flat()
    .map((c) => c.meta)
    .sort((a, b) => a.id.localeCompare(b.id));
}
