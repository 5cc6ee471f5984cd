import type { CheckMeta } from '../../core/check.js';
import { createFinding } from '../../core/create.js';
import type { Finding } from '../../core/finding.js';
import type { ProgressSink } from '../../core/progress.js';
import { noProgress } from '../../core/progress.js';
import type { Notification } from '../../core/report.js';
import type { CodeCheck, CodeReport, RouteContext, SpecOperation } from './define.js';
import { taintReport } from './define.js';
import { extractRoutes } from './frameworks/routes.js';
import type { Module } from './ir.js';
import { lowerJs } from './lower-js.js';
import { lowerPy } from './lower-py.js';
import type { Route } from './model.js';
import { initParsers, langOf, parseSource } from './parse.js';
import { Project } from './project.js';
import { TaintEngine } from './taint/engine.js';
import type { SinkHit } from './taint/types.js';

/** A source file handed to the engine (read by load.ts). */
export interface SourceFile {
  /** Relative to the analysed root, forward slashes. */
  readonly path: string;
  readonly text: string;
}

export interface AnalyseOptions {
  readonly checks: readonly CodeCheck[];
  /** Files larger than this are skipped (bytes). */
  readonly maxFileBytes?: number;
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
  readonly specOperations?: readonly SpecOperation[];
}

export interface AnalyseResult {
  readonly findings: Finding[];
  readonly notifications: Notification[];
  readonly routes: Route[];
  readonly stats: Record<string, number>;
  readonly checks: CheckMeta[];
}

export const DEFAULT_MAX_FILE_BYTES = 1_000_000;

/** Why a file is not analysed, or undefined. Minified bundles are detected by their line lengths. */
export function skipReason(text: string, maxBytes: number): string | undefined {
  if (text.length > maxBytes) return `larger than ${maxBytes} bytes`;
  if (text.length > 1000) {
    let lines = 1;
    let longest = 0;
    let start = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) { lines++; longest = Math.max(longest, i - start); start = i + 1; }
    longest = Math.max(longest, text.length - start);
    if (longest > 5000 || text.length / lines > 300) return 'looks minified (very long lines)';
  }
  if (text.includes('\u0000')) return 'binary content';
  return undefined;
}

/** Parse and lower files, then run routes, taint and rules. Pure apart from CPU: no I/O. */
export async function analyse(files: readonly SourceFile[], opts: AnalyseOptions): Promise<AnalyseResult> {
  const progress = opts.progress ?? noProgress;
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  await initParsers();
  const notifications: Notification[] = [];
  const modules: Module[] = [];
  let lines = 0;
  let skipped = 0;
  let i = 0;
  for (const f of files) {
    i++;
    if (opts.signal?.aborted) break;
    if (i % 50 === 0) progress({ engine: 'code', phase: 'parsing', done: i, total: files.length });
    const lang = langOf(f.path);
    if (!lang) continue;
    const why = skipReason(f.text, maxBytes);
    if (why) {
      skipped++;
      notifications.push({ level: 'note', code: 'file-skipped', engine: 'code', subject: f.path, message: `${f.path} skipped: ${why}` });
      continue;
    }
    let tree;
    try {
      tree = parseSource(lang, f.text);
    } catch (err) {
      skipped++;
      notifications.push({ level: 'warning', code: 'file-skipped', engine: 'code', subject: f.path, message: `${f.path} skipped: the parser failed (${(err as Error).message})` });
      continue;
    }
    try {
      const root = tree.rootNode;
      if (root.hasError) {
        let err = root;
        for (let depth = 0; depth < 200 && !err.isError && !err.isMissing; depth++) {
          const next = err.children.find((c) => c !== null && (c.hasError || c.isError || c.isMissing));
          if (!next) break;
          err = next;
        }
        const where = `:${err.startPosition.row + 1}`;
        skipped++;
        notifications.push({ level: 'note', code: 'file-skipped', engine: 'code', subject: f.path, message: `${f.path}${where} skipped: syntax error` });
        continue;
      }
      modules.push(lang === 'py' ? lowerPy(root, f.path, f.text) : lowerJs(root, f.path, lang, f.text));
      lines += root.endPosition.row + 1;
    } catch (err) {
      skipped++;
      notifications.push({ level: 'warning', code: 'file-skipped', engine: 'code', subject: f.path, message: `${f.path} skipped: ${(err as Error).message}` });
    } finally {
      tree.delete();
    }
  }
  progress({ engine: 'code', phase: 'parsing', done: files.length, total: files.length });
  return analyseModules(modules, opts, notifications, { files: modules.length, lines, skipped });
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
      if (seen.has(f.fingerprint)) return;
      seen.add(f.fingerprint);
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
  return { findings, notifications, routes, stats: { ...stats, routes: routes.length }, checks: opts.checks.map((c) => c.meta) };
}
