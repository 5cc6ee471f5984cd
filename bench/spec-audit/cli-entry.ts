// The `rampart spec` command alone, bundled by run.mjs so the benchmark times a built CLI
// without compiling TypeScript on the fly (and without the other commands' start-up cost).
import { Command, CommanderError } from 'commander';
import { registerSpec } from '../../src/cli/commands/spec.js';
import type { CliContext } from '../../src/cli/context.js';
import { ToolError, exitCodeFor, formatPosition } from '../../src/core/errors.js';

const ctx: CliContext = {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  now: () => new Date(),
  exitCode: 0,
  signal: new AbortController().signal,
};
const program = new Command('rampart').exitOverride();
registerSpec(program, ctx);
try {
  await program.parseAsync(process.argv);
  process.exitCode = ctx.exitCode;
} catch (err) {
  if (err instanceof ToolError) {
    process.stderr.write(`rampart: error: ${err.position ? `${formatPosition(err.position)}: ` : ''}${err.message} [${err.code}]\n`);
    process.exitCode = exitCodeFor(err);
  } else if (err instanceof CommanderError) process.exitCode = 2;
  else throw err;
}
