/**
 * The CLI with the `spec` command linked in: the entry of the bundle the build writes to
 * `dist/spec-cli/` (scripts/bundle-spec.mjs), which `bin/rampart.js spec` loads as one file
 * instead of resolving and compiling the hundred modules the command is built from. Every other
 * command, and a config file's full schema, still comes from the modules (as chunks of the bundle).
 */
import type { CliContext } from './context.js';
import { registerSpec } from './commands/spec.js';
import { main as runCli, processContext } from './main.js';

/** Run the CLI (as `main` in main.ts) with `spec` already loaded. */
export function main(argv: readonly string[], ctx: CliContext = processContext()): Promise<number> {
  return runCli(argv, ctx, { spec: registerSpec });
}
