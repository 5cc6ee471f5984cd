import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerChecks } from './checks.js';
import { registerCode } from './code.js';
import { registerDemo } from './demo.js';
import { registerLogs } from './logs.js';
import { registerReport } from './report.js';
import { registerScan } from './scan.js';
import { registerSecrets } from './secrets.js';
import { registerSpec } from './spec.js';

/** Each command file exports one register function; keep this list sorted by command name. */
export const COMMANDS: ReadonlyArray<(program: Command, ctx: CliContext) => void> = [
  registerChecks,
  registerCode,
  registerDemo,
  registerLogs,
  registerReport,
  registerScan,
  registerSecrets,
  registerSpec,
];
