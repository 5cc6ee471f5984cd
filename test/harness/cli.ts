import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { CliContext } from '../../src/cli/context.js';

/** What one in-process CLI run printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

class Capture extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

/**
 * Run `rampart <args>` in-process with captured output.
 *
 * @example
 * const r = await runCli(['spec', 'openapi.yaml', '--format', 'json'], { cwd: dir });
 */
export async function runCli(
  args: readonly string[],
  opts: { cwd?: string; env?: Record<string, string | undefined>; now?: () => Date; signal?: AbortSignal; tty?: boolean } = {},
): Promise<CliResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  stdout.isTTY = Boolean(opts.tty);
  stderr.isTTY = Boolean(opts.tty);
  const ctx: CliContext = {
    stdout,
    stderr,
    cwd: opts.cwd ?? process.cwd(),
    env: opts.env ?? {},
    now: opts.now ?? (() => new Date()),
    exitCode: 0,
    signal: opts.signal ?? new AbortController().signal,
  };
  const code = await main(['node', 'rampart', ...args], ctx);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
