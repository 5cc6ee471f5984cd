import type { ProgressSink } from '../../core/progress.js';
import type { EngineRun } from '../../core/report.js';
import checks from './checks/index.js';
import type { CodeCheck, SpecOperation } from './define.js';
import { DEFAULT_MAX_FILE_BYTES, analyse } from './engine.js';
import { loadSources } from './load.js';
import type { Route } from './model.js';
import type { ParallelMode } from './parallel.js';

export interface RunCodeOptions {
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly maxFileBytes?: number;
  /** Operations of an OpenAPI document to compare the routes with (shadow and stale endpoints). */
  readonly specOperations?: readonly SpecOperation[];
  readonly checks?: readonly CodeCheck[];
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  /** Worker threads for parsing: `auto` (default) uses them for large inputs only. */
  readonly parallel?: ParallelMode;
}

/** A route as it appears in the report's `extras.routes`. */
export interface RouteInventoryEntry {
  readonly method: string;
  readonly path: string;
  readonly framework: string;
  readonly file: string;
  readonly line: number;
  readonly handler: string;
  readonly authentication: readonly string[];
  readonly authorization: readonly string[];
  readonly rateLimit: readonly string[];
}

export function inventoryOf(routes: readonly Route[]): RouteInventoryEntry[] {
  const names = (r: Route, kinds: readonly string[]) => r.guards.filter((g) => kinds.includes(g.kind)).map((g) => `${g.name} (${g.via}, ${g.file}:${g.line})`);
  return routes.map((r) => ({ method: r.method, path: r.path, framework: r.framework, file: r.file, line: r.line, handler: r.handlerName, authentication: names(r, ['authn']), authorization: names(r, ['authz']), rateLimit: names(r, ['ratelimit']) }));
}

/** Read, analyse and report: `rampart code DIR`. */
export async function runCode(opts: RunCodeOptions): Promise<{ run: EngineRun; routes: Route[] }> {
  const now = opts.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const t0 = performance.now();
  const maxFileBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const loaded = loadSources(opts.paths, opts.cwd, maxFileBytes);
  const res = await analyse(loaded.files, { checks: opts.checks ?? checks, maxFileBytes, progress: opts.progress, signal: opts.signal, specOperations: opts.specOperations, parallel: opts.parallel });
  const seconds = (performance.now() - t0) / 1000;
  const lines = res.stats.lines ?? 0;
  return {
    routes: res.routes,
    run: {
      engine: 'code',
      target: loaded.root,
      startedAt,
      finishedAt: now().toISOString(),
      checks: res.checks,
      findings: res.findings,
      notifications: [...loaded.notifications, ...res.notifications],
      stats: { ...res.stats, skipped: (res.stats.skipped ?? 0) + loaded.notifications.length, seconds: Math.round(seconds * 100) / 100, linesPerSecond: seconds > 0 ? Math.round(lines / seconds) : 0 },
      extras: { routes: inventoryOf(res.routes) },
    },
  };
}
