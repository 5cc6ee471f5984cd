import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { ToolError } from '../../core/errors.js';
import { ENGINES } from '../../core/finding.js';
import type { EngineRun } from '../../core/report.js';
import { allFindings, countBySeverity } from '../../core/report.js';
import { SEVERITIES } from '../../core/finding.js';
import { addOutputOptions, finish, loadConfig, progressSink } from '../common.js';
import type { OutputOptions } from '../common.js';
import type { CliContext } from '../context.js';
import { DEMO_STEPS } from '../demo-steps.js';
import type { DemoContext } from '../demo-steps.js';
import { isBuilt, packageRoot } from '../paths.js';

interface ExampleServer {
  url: string;
  close(): Promise<void>;
}
interface ExampleModule {
  startExampleApi(opts: { secure: boolean; host?: string; port?: number }): Promise<ExampleServer>;
  SEEDED_USERS: DemoContext['users'];
}

/** Load the bundled example API from the source tree (tsx) or the built tree. */
async function loadExample(root: string): Promise<ExampleModule> {
  const file = isBuilt()
    ? join(root, 'dist', 'examples', 'vulnerable-api', 'src', 'server.js')
    : join(root, 'examples', 'vulnerable-api', 'src', 'server.ts');
  try {
    return (await import(pathToFileURL(file).href)) as ExampleModule;
  } catch (err) {
    throw new ToolError('E_INTERNAL', `cannot load the bundled example API (${relative(root, file)}): ${(err as Error).message}`, { cause: err });
  }
}

interface DemoOptions extends OutputOptions {
  secure?: boolean;
  engines?: string[];
}

/**
 * `rampart demo`: start the bundled vulnerable API on a free loopback port, run every engine that
 * exists against it, write rampart-report/ (JSON, SARIF, HTML), print the summary, stop the server.
 */
export function registerDemo(program: Command, ctx: CliContext): void {
  addOutputOptions(
    program
      .command('demo')
      .description('run every engine against the bundled vulnerable API and write rampart-report/')
      .option('--secure', 'run against the fixed twin instead (expect few or no findings)')
      .option('--engines <names>', `only these engines (comma-separated: ${ENGINES.join(', ')})`, (v: string) => v.split(',').map((s) => s.trim())),
  ).action(async (opts: DemoOptions) => {
    const config = await loadConfig(opts, ctx);
    const root = packageRoot();
    const example = await loadExample(root);
    const exampleDir = join(root, 'examples', 'vulnerable-api');
    const workDir = mkdtempSync(join(tmpdir(), 'rampart-demo-'));
    const server = await example.startExampleApi({ secure: Boolean(opts.secure), host: '127.0.0.1', port: 0 });
    const say = (s: string) => {
      if (!opts.quiet) ctx.stderr.write(`${s}\n`);
    };
    say(`rampart demo: the ${opts.secure ? 'secure twin' : 'vulnerable API'} is listening on ${server.url}`);
    const progress = progressSink(opts, ctx);
    const runs: EngineRun[] = [];
    try {
      const demoCtx: DemoContext = {
        baseUrl: server.url,
        exampleDir,
        specFile: join(exampleDir, 'openapi.yaml'),
        sourceDir: join(exampleDir, 'src'),
        users: example.SEEDED_USERS,
        workDir,
        progress,
        signal: ctx.signal,
      };
      const wanted = opts.engines ?? [...ENGINES];
      for (const step of DEMO_STEPS) {
        if (!wanted.includes(step.engine)) continue;
        if (ctx.signal.aborted) break;
        say(`rampart demo: ${step.engine}: ${step.description}`);
        const started = Date.now();
        try {
          const run = await step.run(demoCtx);
          progress.end();
          runs.push(run);
          say(`rampart demo: ${step.engine}: ${run.findings.length} findings in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        } catch (err) {
          progress.end();
          say(`rampart demo: ${step.engine} failed: ${(err as Error).message}`);
          ctx.exitCode = 3;
        }
      }
      const present = new Set(DEMO_STEPS.map((s) => s.engine));
      const absent = ENGINES.filter((e) => !present.has(e));
      if (absent.length > 0) say(`rampart demo: engines not yet available: ${absent.join(', ')}`);
    } finally {
      await server.close();
      rmSync(workDir, { recursive: true, force: true });
    }
    const outDir = resolve(ctx.cwd, opts.out ?? 'rampart-report');
    const formats = opts.format ?? ['json', 'sarif', 'html'];
    const { report, exitCode } = await finish(runs, { ...opts, out: outDir, format: formats, quiet: true, failOn: opts.failOn ?? 'none' }, config, ctx);
    const counts = countBySeverity(allFindings(report));
    if (!opts.quiet) ctx.stdout.write(`\n${renderSummary(counts, runs)}\nReport: ${outDir}/report.html (also report.json, report.sarif)\n`);
    if (ctx.exitCode === 0) ctx.exitCode = exitCode;
  });
}

function renderSummary(counts: Record<(typeof SEVERITIES)[number], number>, runs: readonly EngineRun[]): string {
  const total = SEVERITIES.reduce((n, s) => n + counts[s], 0);
  const perEngine = runs.map((r) => `${r.engine} ${r.findings.filter((f) => !f.suppression).length}`).join(', ');
  return `Rampart demo: ${total} findings (${SEVERITIES.map((s) => `${counts[s]} ${s}`).join(', ')})${perEngine ? `\nBy engine: ${perEngine}` : ''}`;
}
