import { ToolError } from '../../core/errors.js';
import type { ProgressSink } from '../../core/progress.js';
import type { EngineRun } from '../../core/report.js';
import { LogAnalyzer } from './engine.js';
import type { AnalyzerOptions } from './engine.js';
import { chronological, readSources } from './load.js';
import type { LogSource } from './load.js';
import { LineReader, readInWorker, useWorker } from './parallel.js';
import type { ParallelMode } from './parallel.js';

export interface RunLogsOptions {
  readonly sources: readonly LogSource[];
  readonly analyzer: AnalyzerOptions;
  readonly now: () => Date;
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
  /** Memory in use (bytes), for the stats; injected so the engine reads no process state. */
  readonly memory?: () => number;
  /** A parse worker thread: `auto` (default) for large plain files only. */
  readonly parallel?: ParallelMode;
}

/**
 * Analyse access logs end to end: stream every source through the detectors and return the engine
 * run. Throws `E_LOG_PARSE` (exit 2) only when no line of any source was usable.
 */
export async function runLogs(o: RunLogsOptions): Promise<EngineRun> {
  const startedAt = o.now();
  const analyzer = new LogAnalyzer(o.analyzer);
  let peak = o.memory?.() ?? 0;
  const progress: ProgressSink = (e) => {
    if (o.memory) peak = Math.max(peak, o.memory());
    o.progress?.(e);
  };
  const ordered = await chronological(o.sources);
  const parallel = useWorker(ordered.sources, o.parallel ?? 'auto');
  const read = parallel ? await readInWorker(ordered.sources, analyzer, o.analyzer, { progress, signal: o.signal }) : await readSources(ordered.sources, analyzer, { progress, signal: o.signal });
  if (ordered.reordered) {
    read.notifications.unshift({ level: 'note', code: 'inputs-reordered', engine: 'logs', message: `inputs analysed oldest first: ${ordered.sources.map((s) => s.name).join(', ')}` });
  }
  if (analyzer.parsed === 0 && !read.interrupted) {
    const why = read.unusable.map((u) => `${u.name}: ${u.reason}`);
    const malformed = analyzer.finish().notifications.find((n) => n.code === 'lines-malformed');
    throw new ToolError('E_LOG_PARSE', `no usable access-log line in the input${why.length ? ` (${why.join('; ')})` : ''}${malformed ? `; ${malformed.message}` : ''}`, {
      position: { file: o.sources[0]?.name ?? '-' },
    });
  }
  const reader = new LineReader(new Map(ordered.sources.flatMap((s) => (s.kind === 'file' ? [[s.name, s.path] as const] : []))));
  let r: ReturnType<LogAnalyzer['finish']>;
  try {
    r = analyzer.finish((file, offset) => reader.lineAt(file, offset));
  } finally {
    reader.close();
  }
  const finishedAt = o.now();
  if (o.memory) peak = Math.max(peak, o.memory());
  const elapsed = Math.max(1, finishedAt.getTime() - startedAt.getTime());
  const notifications = [...read.notifications, ...r.notifications];
  if (read.interrupted) notifications.push({ level: 'warning', code: 'interrupted', engine: 'logs', message: `interrupted after ${analyzer.lines} lines; the report covers what was read` });
  return {
    engine: 'logs',
    target: o.sources.map((s) => s.name).join(', '),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    checks: r.checks,
    findings: r.findings,
    notifications,
    stats: {
      ...r.stats,
      bytes: read.bytes,
      elapsedMs: elapsed,
      linesPerSecond: Math.round((analyzer.lines / elapsed) * 1000),
      parseWorkers: parallel ? 1 : 0,
      ...(o.memory ? { peakMemoryMB: Math.round(peak / 1048576) } : {}),
    },
    extras: { timeline: r.timeline },
  };
}
