import { Command, CommanderError } from 'commander';
import { ToolError, exitCodeFor, formatPosition } from '../core/errors.js';
import type { CliContext } from './context.js';
import { VERSION } from './context.js';

export type Register = (program: Command, ctx: CliContext) => void;

/** Commands linked in statically by the caller (the `spec` bundle), used instead of loading their module. */
export type LinkedCommands = Readonly<Partial<Record<string, Register>>>;

/**
 * The module of each command, loaded only when that command runs: `rampart spec` does not load the
 * scanner, the code analyser or their dependencies. Keep sorted; commands/index.ts lists them all.
 */
const COMMAND_MODULES: Readonly<Record<string, () => Promise<Register>>> = {
  checks: async () => (await import('./commands/checks.js')).registerChecks,
  code: async () => (await import('./commands/code.js')).registerCode,
  demo: async () => (await import('./commands/demo.js')).registerDemo,
  logs: async () => (await import('./commands/logs.js')).registerLogs,
  report: async () => (await import('./commands/report.js')).registerReport,
  scan: async () => (await import('./commands/scan.js')).registerScan,
  secrets: async () => (await import('./commands/secrets.js')).registerSecrets,
  spec: async () => (await import('./commands/spec.js')).registerSpec,
};

/**
 * Build the `rampart` program: with the command `argv` runs (as in process.argv) registered alone,
 * or every command (help, version, an unknown command).
 */
export async function buildProgram(ctx: CliContext, argv: readonly string[] = [], linked: LinkedCommands = {}): Promise<Command> {
  const name = argv[2] ?? '';
  const register = Object.hasOwn(COMMAND_MODULES, name) ? (linked[name] ?? (await COMMAND_MODULES[name]!())) : undefined;
  const registers: readonly Register[] = register ? [register] : (await import('./commands/index.js')).COMMANDS;
  const program = new Command('rampart')
    .description('API security testing: scan running APIs, analyse code, find secrets, audit OpenAPI documents, read access logs.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    });
  for (const register of registers) register(program, ctx);
  for (const c of program.commands) c.exitOverride().showHelpAfterError('(run with --help for usage)');
  return program;
}

/** Print an error the way users should see it: one line, a stack trace only with --debug. */
export function reportError(err: unknown, ctx: CliContext, debug: boolean): number {
  if (err instanceof ToolError) {
    // The position goes first, unless it is only a file that the message already names: a line
    // and column are never dropped.
    const where = err.position && (err.position.line !== undefined || !err.message.includes(err.position.file)) ? `${formatPosition(err.position)}: ` : '';
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
export async function main(argv: readonly string[], ctx: CliContext = processContext(), linked: LinkedCommands = {}): Promise<number> {
  const debug = argv.includes('--debug');
  const program = await buildProgram(ctx, argv, linked);
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
