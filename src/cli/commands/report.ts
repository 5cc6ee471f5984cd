import { resolve } from 'node:path';
import type { Command } from 'commander';
import { addOutputOptions, finish, loadConfig, readReportFile } from '../common.js';
import type { OutputOptions } from '../common.js';
import type { CliContext } from '../context.js';

/**
 * `rampart report merge a.json b.json ... --format html`: one assessment from several engines'
 * reports. The baseline, suppressions and `--fail-on` apply to the merged result, so a pipeline can
 * run each engine, merge, and gate once.
 */
export function registerReport(program: Command, ctx: CliContext): void {
  const report = program.command('report').description('work with JSON reports written by other commands');
  addOutputOptions(
    report
      .command('merge')
      .description('merge JSON reports (of several engines or runs) into one assessment and render it')
      .argument('<reports...>', 'JSON reports written with --format json'),
  ).action(async (files: string[], opts: OutputOptions) => {
    const config = await loadConfig(opts, ctx);
    const reports = files.map((f) => readReportFile(resolve(ctx.cwd, f)));
    const runs = reports.flatMap((r) => r.runs);
    const { exitCode } = await finish(runs, opts, config, ctx);
    ctx.exitCode = exitCode;
  });
}
