import { resolve } from 'node:path';
import type { Command } from 'commander';
import { mergeReports } from '../../core/report.js';
import { addOutputOptions, failThreshold, loadConfig, readReportFile, writeOutputs } from '../common.js';
import type { OutputOptions } from '../common.js';
import type { CliContext } from '../context.js';
import { VERSION } from '../context.js';
import { allFindings } from '../../core/report.js';
import { isAtLeast } from '../../core/finding.js';

/** `rampart report merge a.json b.json ... --format html`: one assessment from several engines' reports. */
export function registerReport(program: Command, ctx: CliContext): void {
  const report = program.command('report').description('work with JSON reports written by other commands');
  addOutputOptions(
    report
      .command('merge')
      .description('merge JSON reports (of several engines or runs) into one assessment and render it')
      .argument('<reports...>', 'JSON reports written with --format json'),
  ).action((files: string[], opts: OutputOptions) => {
    const config = loadConfig(opts, ctx);
    const reports = files.map((f) => readReportFile(resolve(ctx.cwd, f)));
    const merged = mergeReports(reports, VERSION, ctx.now().toISOString());
    writeOutputs(merged, opts, config, ctx);
    const threshold = failThreshold(opts, config);
    const failing = threshold === 'none' ? [] : allFindings(merged).filter((f) => isAtLeast(f.severity, threshold));
    ctx.exitCode = failing.length > 0 ? 1 : 0;
  });
}
