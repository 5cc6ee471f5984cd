/**
 * The spec check type. A check is either declarative (a selector over the raw document plus a
 * reusable predicate, as in Spectral) or a pure `detect` over the audit view of the document.
 * Either way it reports only where, which message and the message data; the engine adds the rest
 * from `meta`, finds the line and column, and applies `x-rampart-ignore`.
 */
import type { CheckMeta } from '../../core/check.js';
import type { Confidence, Evidence, Severity } from '../../core/finding.js';
import type { JsonSchema } from '../../core/config.js';
import type { SpecPlace } from '../../surface/refs.js';
import type { OpenApiVersion } from '../../surface/openapi.js';
import type { AuditOperation, SpecDoc } from './doc.js';
import { select } from './select.js';
import type { Match } from './select.js';

/** The score categories (docs/spec.md): every check counts towards exactly one. */
export const SCORE_CATEGORIES = [
  'authentication',
  'authorization',
  'data-exposure',
  'input-validation',
  'resource-consumption',
  'misconfiguration',
  'ssrf',
  'inventory',
  'structure',
] as const;
export type ScoreCategory = (typeof SCORE_CATEGORIES)[number];

/** What a check reports about one problem. */
export interface SpecReport {
  /** A JSON pointer in the root file, a place in any file, or an object of the resolved model. */
  readonly at: string | SpecPlace | object;
  readonly messageId: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly severity?: Severity;
  readonly confidence?: Confidence;
  /** Discriminates several findings of one check at one place. */
  readonly key?: string;
  /** The operation the problem belongs to: its `x-rampart-ignore` applies too. */
  readonly op?: AuditOperation;
  readonly evidence?: Evidence;
}

export type Reporter = (r: SpecReport) => void;
export type CheckOptions = Readonly<Record<string, unknown>>;

/** A reusable predicate of declarative checks; true means "fine". */
export type Assertion =
  | { readonly fn: 'truthy' | 'falsy' | 'defined' | 'undefined' }
  | { readonly fn: 'pattern'; readonly options: { readonly match?: string; readonly notMatch?: string; readonly flags?: string } }
  | { readonly fn: 'enumeration'; readonly options: { readonly values: readonly unknown[] } };

interface CheckBase {
  readonly meta: CheckMeta;
  readonly category: ScoreCategory;
  /** JSON Schema of `checks.<id>.options` in the config; validated once at start. */
  readonly optionsSchema?: JsonSchema;
  /** OpenAPI versions the check applies to (default: all). */
  readonly formats?: readonly OpenApiVersion[];
}

export interface DetectDefinition extends CheckBase {
  detect(doc: SpecDoc, report: Reporter, options: CheckOptions): void;
}

export interface DeclarativeDefinition extends CheckBase {
  /** One or more selectors (`$.servers[*].url`, `$.paths[*][get,post]`), `$ref`s followed. */
  readonly given: string | readonly string[];
  /** Keep only matches this accepts (a pure filter, like Spectral's `[?(...)]`). */
  readonly where?: (value: unknown, match: Match) => boolean;
  /** Test this field of each match instead of the match itself. */
  readonly field?: string;
  readonly assert: Assertion;
  readonly messageId: string;
  /** Message data; default `{ value, field, name }` (name: the last key of the match). */
  readonly data?: (match: Match) => Readonly<Record<string, unknown>>;
}

/** A check as the engine runs it. */
export interface SpecCheck extends CheckBase {
  run(doc: SpecDoc, report: Reporter, options: CheckOptions): void;
}

function test(assert: Assertion, value: unknown): boolean {
  switch (assert.fn) {
    case 'truthy':
      return Boolean(value);
    case 'falsy':
      return !value;
    case 'defined':
      return value !== undefined;
    case 'undefined':
      return value === undefined;
    case 'pattern': {
      if (typeof value !== 'string') return true;
      const { match, notMatch, flags } = assert.options;
      if (match !== undefined && !new RegExp(match, flags).test(value)) return false;
      if (notMatch !== undefined && new RegExp(notMatch, flags).test(value)) return false;
      return true;
    }
    case 'enumeration':
      return assert.options.values.includes(value);
  }
}

function isDeclarative(d: DetectDefinition | DeclarativeDefinition): d is DeclarativeDefinition {
  return 'given' in d;
}

/** Define a spec check (declarative or with `detect`); see STYLE.md. */
export function defineSpecCheck(def: DetectDefinition | DeclarativeDefinition): SpecCheck {
  if (!isDeclarative(def)) {
    return { meta: def.meta, category: def.category, optionsSchema: def.optionsSchema, formats: def.formats, run: (doc, report, options) => def.detect(doc, report, options) };
  }
  const givens = typeof def.given === 'string' ? [def.given] : def.given;
  return {
    meta: def.meta,
    category: def.category,
    optionsSchema: def.optionsSchema,
    formats: def.formats,
    run(doc, report) {
      for (const given of givens) {
        for (const m of select(doc, given)) {
          if (def.where && !def.where(m.value, m)) continue;
          let value = m.value;
          let at: SpecPlace = m;
          if (def.field !== undefined) {
            const obj = m.value;
            value = obj !== null && typeof obj === 'object' ? (obj as Record<string, unknown>)[def.field] : undefined;
            if (value !== undefined) at = { file: m.file, pointer: `${m.pointer}/${def.field.replace(/~/g, '~0').replace(/\//g, '~1')}` };
          }
          if (test(def.assert, value)) continue;
          const data = def.data ? def.data(m) : { value: typeof value === 'string' ? value : JSON.stringify(value), field: def.field ?? '', name: m.key };
          report({ at, messageId: def.messageId, data });
        }
      }
    },
  };
}
