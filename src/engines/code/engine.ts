import type { CheckMeta } from '../../core/check.js';
import { createFinding } from '../../core/create.js';
import { distinctFingerprints } from '../../core/fingerprint.js';
import type { Finding } from '../../core/finding.js';
import type { ProgressSink } from '../../core/progress.js';
import { noProgress } from '../../core/progress.js';
import type { Notification } from '../../core/report.js';
import type { CodeCheck, CodeReport, RouteContext, SpecOperation } from './define.js';
import { taintReport } from './define.js';
import { extractRoutes } from './frameworks/routes.js';
import type { Module } from './ir.js';
import type { Route } from './model.js';
import type { ParallelMode } from './parallel.js';
import { prepareAll } from './parallel.js';
import { Project } from './project.js';
import { TaintEngine } from './taint/engine.js';
import type { SinkHit } from './taint/types.js';
import type { SourceFile } from './prepare.js';

export type { SourceFile } from './prepare.js';
export { skipReason } from './prepare.js';

export interface AnalyseOptions {
  readonly checks: readonly CodeCheck[];
  /** Files larger than this are skipped (bytes). */
  readonly maxFileBytes?: number;
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
  readonly specOperations?: readonly SpecOperation[];
  /** Parse and lower in worker threads: `auto` (default) only for large inputs. Findings are the same either way. */
  readonly parallel?: ParallelMode;
}

export interface AnalyseResult {
  readonly findings: Finding[];
  readonly notifications: Notification[];
  readonly routes: Route[];
  readonly stats: Record<string, number>;
  readonly checks: CheckMeta[];
}

export const DEFAULT_MAX_FILE_BYTES = 1_000_000;

/** Parse and lower files, then run routes, taint and rules. Pure apart from CPU: no I/O. */
export async function analyse(files: readonly SourceFile[], opts: AnalyseOptions): Promise<AnalyseResult> {
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const { prepared, workers, workerFiles } = await prepareAll(files, { maxBytes, parallel: opts.parallel, progress: opts.progress, signal: opts.signal });
  const notifications: Notification[] = [];
  const modules: Module[] = [];
  let lines = 0;
  let skipped = 0;
  for (const p of prepared) {
    if (p.module) { modules.push(p.module); lines += p.lines; }
    if (p.note) { skipped++; notifications.push(p.note); }
  }
  return analyseModules(modules, opts, notifications, { files: modules.length, lines, skipped, parseWorkers: workers, filesParsedInWorkers: workerFiles });
}

/** Run route extraction, taint and rules over lowered modules. */
export function analyseModules(modules: readonly Module[], opts: AnalyseOptions, notifications: Notification[] = [], stats: Record<string, number> = {}): AnalyseResult {
  const progress = opts.progress ?? noProgress;
  const project = new Project(modules);
  const routes = extractRoutes(project);
  const taintChecks = opts.checks.filter((c) => c.kind === 'taint');
  const engine = new TaintEngine(
    project,
    taintChecks.map((c) => ({ id: c.meta.id, sinks: c.sinks })),
    taintChecks.flatMap((c) => (c.observer ? [c.observer(c.meta.id)] : [])),
  );
  let n = 0;
  for (const r of routes) {
    if (opts.signal?.aborted) break;
    n++;
    if (n % 100 === 0) progress({ engine: 'code', phase: 'taint', done: n, total: routes.length });
    try {
      engine.analyseRoute(r);
    } catch (err) {
      notifications.push({ level: 'warning', code: 'route-analysis-failed', engine: 'code', subject: `${r.file}:${r.line}`, message: `taint analysis of ${r.method} ${r.path} failed: ${(err as Error).message}` });
    }
  }
  const hits = new Map<string, SinkHit[]>();
  for (const h of engine.hits) {
    const l = hits.get(h.checkId) ?? [];
    l.push(h);
    hits.set(h.checkId, l);
  }
  const ctx: RouteContext = { routes, facts: engine.facts, project, hits, spec: opts.specOperations };
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const check of opts.checks) {
    const report = (r: CodeReport): void => {
      const mod = project.modules.get(r.file);
      const snippet = mod?.lines[r.line - 1]?.trim().slice(0, 200);
      const f = createFinding(check.meta, {
        messageId: r.messageId,
        data: r.data,
        location: { kind: 'file', file: r.file, startLine: r.line, snippet },
        evidence: r.evidence ? { ...r.evidence, snippet: r.evidence.snippet ?? snippet } : snippet ? { snippet } : undefined,
        confidence: r.confidence,
        key: r.key,
      });
      // The same check at the same line (reached through two routes, say) is one finding; the same
      // text on another line is another finding, told apart by distinctFingerprints below.
      const once = `${f.fingerprint}@${r.line}`;
      if (seen.has(once)) return;
      seen.add(once);
      findings.push(f);
    };
    try {
      if (check.kind === 'taint') {
        for (const h of hits.get(check.meta.id) ?? []) {
          const r = check.accept ? check.accept(h, ctx) : taintReport(h);
          if (r) report(r);
        }
      } else if (check.kind === 'module') {
        for (const m of modules) check.detect(m, project, report);
      } else check.detect(ctx, report);
    } catch (err) {
      notifications.push({ level: 'warning', code: 'check-failed', engine: 'code', checkId: check.meta.id, message: `${check.meta.id} failed: ${(err as Error).message}` });
    }
  }
  findings.sort((a, b) => {
    const la = a.location.kind === 'file' ? a.location : undefined;
    const lb = b.location.kind === 'file' ? b.location : undefined;
    return (la?.file ?? '').localeCompare(lb?.file ?? '') || (la?.startLine ?? 0) - (lb?.startLine ?? 0) || a.checkId.localeCompare(b.checkId);
  });
  return { findings: distinctFingerprints(findings), notifications, routes, stats: { ...stats, routes: routes.length }, checks: opts.checks.map((c) => c.meta) };
}
