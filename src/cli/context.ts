import type { Writable } from 'node:stream';

/** What a command needs from the outside world; tests pass their own. */
export interface CliContext {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The clock (ISO time), injectable for reproducible reports. */
  readonly now: () => Date;
  /** Set by a command: the exit code it wants. */
  exitCode: number;
  /** An abort signal tripped by Ctrl-C; engines stop and return what they have. */
  readonly signal: AbortSignal;
}

/** The package version, read once. */
export const VERSION = '0.1.0';
