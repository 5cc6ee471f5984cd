import { Command, CommanderError } from 'commander';
import { ToolError, exitCodeFor, formatPosition } from '../core/errors.js';
import type { CliContext } from './context.js';
import { VERSION } from './context.js';
import { COMMANDS } from './commands/index.js';

/** Build the `rampart` program with every command registered. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('rampart')
    .description('API security testing: scan running APIs, analyse code, find secrets, audit OpenAPI documents, read access logs.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    });
  for (const register of COMMANDS) register(program, ctx);
  for (const c of program.commands) c.exitOverride().showHelpAfterError('(run with --help for usage)');
  return program;
}

/** Print an error the way users should see it: one line, a stack trace only with --debug. */
export function reportError(err: unknown, ctx: CliContext, debug: boolean): number {
  if (err instanceof ToolError) {
    const where = err.position && !err.message.includes(err.position.file) ? `${formatPosition(err.position)}: ` : '';
    ctx.stderr.write(`rampart: error: ${where}${err.message} [${err.code}]\n`);
    for (const d of err.details) ctx.stderr.write(`rampart: error: ${d}\n`);
    if (debug && err.stack) ctx.stderr.write(`${err.stack}\n`);
    return exitCodeFor(err);
  }
  const e = err as Error;
  ctx.stderr.write(`rampart: internal error: ${e?.message ?? String(err)}${debug ? '' : ' (run with --debug for details)'}\n`);
  if (debug && e?.stack) ctx.stderr.write(`${e.stack}\n`);
  return 3;
}

/** A context on the real process. */
export function processContext(): CliContext {
  const ac = new AbortController();
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('\nrampart: interrupted, writing the partial report (Ctrl-C again to quit at once)\n');
    ac.abort();
  });
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    now: () => new Date(),
    exitCode: 0,
    signal: ac.signal,
  };
}

/** Run the CLI with `argv` (as in process.argv) and return the exit code. */
export async function main(argv: readonly string[], ctx: CliContext = processContext()): Promise<number> {
  const debug = argv.includes('--debug');
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv]);
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      // commander already printed its message.
      return 2;
    }
    return reportError(err, ctx, debug);
  }
}
