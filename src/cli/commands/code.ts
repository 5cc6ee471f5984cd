import { Option } from 'commander';
import type { Command } from 'commander';
import { ToolError } from '../../core/errors.js';
import { allFindings } from '../../core/report.js';
import { loadSpecOperations } from '../../engines/code/load.js';
import { runCode } from '../../engines/code/run.js';
import type { RouteInventoryEntry } from '../../engines/code/run.js';
import { addOutputOptions, finish, loadConfig, progressSink } from '../common.js';
import type { OutputOptions } from '../common.js';
import { registerConfigSection } from '../config-schema.js';
import type { CliContext } from '../context.js';
import type { DemoStep } from '../demo-steps.js';

registerConfigSection('code', {
  type: 'object',
  additionalProperties: false,
  description: 'Static analysis of API server code (rampart code).',
  properties: {
    maxFileSize: { type: 'integer', minimum: 1, description: 'Skip source files larger than this many bytes (default 1000000).' },
    spec: { type: 'string', description: 'OpenAPI document to compare the routes with (like --spec).' },
  },
});

interface CodeCliOptions extends OutputOptions {
  routes?: boolean;
  spec?: string;
  explain?: boolean;
  maxFileSize?: number;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new ToolError('E_USAGE', `--max-file-size must be a positive whole number, got "${v}"`);
  return n;
}

function guardCell(list: readonly string[]): string {
  return list.length === 0 ? '-' : list.map((g) => g.replace(/ \(.*\)$/, '')).join(', ');
}

/** The route inventory as a plain-text table. */
export function formatRoutes(routes: readonly RouteInventoryEntry[]): string {
  const rows = routes.map((r) => [r.method, r.path, `${r.file}:${r.line}`, guardCell(r.authentication), guardCell(r.authorization), guardCell(r.rateLimit)]);
  const head = ['METHOD', 'PATH', 'LOCATION', 'AUTHENTICATION', 'AUTHORIZATION', 'RATE LIMIT'];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line), '', `${routes.length} route${routes.length === 1 ? '' : 's'}`].join('\n') + '\n';
}

/** `rampart code [PATH...]`: routes, taint from request to sink, and missing authorization in JS/TS/Python servers. */
export function registerCode(program: Command, ctx: CliContext): void {
  addOutputOptions(
    program
      .command('code')
      .description('static analysis of API server code (JavaScript, TypeScript, Python): routes, request-to-sink dataflow, missing authentication and authorization')
      .argument('[paths...]', 'source directories or files (default: the current directory)')
      .option('--routes', 'print the route inventory (method, full path, file:line, authentication and authorization found) instead of findings')
      .option('--spec <openapi>', 'compare routes with an OpenAPI document: shadow routes and stale operations')
      .option('--explain', 'print the dataflow trace (source, steps, sink) of each finding')
      .addOption(new Option('--max-file-size <bytes>', 'skip source files larger than this, with a note (default 1000000)').argParser(positiveInt)),
  ).action(async (paths: string[], opts: CodeCliOptions) => {
    const config = await loadConfig(opts, ctx);
    const section = (config.code ?? {}) as { maxFileSize?: number; spec?: string };
    const specFile = opts.spec ?? section.spec;
    const progress = progressSink(opts, ctx);
    try {
      const specOperations = specFile ? await loadSpecOperations(specFile, ctx.cwd) : undefined;
      const { run } = await runCode({ paths, cwd: ctx.cwd, maxFileBytes: opts.maxFileSize ?? section.maxFileSize, specOperations, progress, signal: ctx.signal, now: ctx.now });
      progress.end();
      if (opts.routes) {
        ctx.stdout.write(formatRoutes((run.extras?.routes ?? []) as RouteInventoryEntry[]));
        if (specOperations) {
          const shadow = run.findings.filter((f) => f.checkId === 'code/shadow-route');
          const stale = run.findings.filter((f) => f.checkId === 'code/stale-spec-operation');
          ctx.stdout.write(`\nShadow routes (in the code, not in ${specFile}): ${shadow.length}\n${shadow.map((f) => `  ${f.message}\n`).join('')}`);
          ctx.stdout.write(`\nStale operations (in ${specFile}, no route): ${stale.length}\n${stale.map((f) => `  ${f.message}\n`).join('')}`);
        }
        for (const n of run.notifications) if (!opts.quiet) ctx.stderr.write(`${n.level}: ${n.message}\n`);
        ctx.exitCode = 0;
        return;
      }
      const { report, exitCode } = await finish([run], opts, config, ctx);
      if (opts.explain) {
        for (const f of allFindings(report)) {
          const trace = f.evidence?.trace;
          if (!trace || trace.length === 0) continue;
          const loc = f.location.kind === 'file' ? `${f.location.file}:${f.location.startLine}` : '';
          ctx.stdout.write(`\n${f.checkId} at ${loc}\n${trace.map((s, i) => `  ${i + 1}. [${s.kind}] ${s.file}:${s.line}  ${s.message}`).join('\n')}\n`);
        }
      }
      ctx.exitCode = exitCode;
    } finally {
      progress.end();
    }
  });
}

/** The `rampart demo` step: the bundled vulnerable API's server source. */
export const codeDemoStep: DemoStep = {
  engine: 'code',
  description: 'code: routes, dataflow and authorization in the example API source',
  run: async (d) => (await runCode({ paths: [d.sourceDir], cwd: d.sourceDir, progress: d.progress, signal: d.signal })).run,
};
