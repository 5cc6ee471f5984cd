import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ProgressSink } from '../../core/progress.js';
import { siblingWorkerScript } from '../../core/worker-script.js';
import type { WorkerScript } from '../../core/worker-script.js';
import type { DeriveOptions, DeriveSummary } from './derive.js';
import type { AnalyzerOptions, LogAnalyzer } from './engine.js';
import type { LogSource, ReadOutcome } from './load.js';
import { EventDecoder } from './transfer.js';
import type { EventBatch } from './transfer.js';

/**
 * `auto` (the default): a parse worker for plain files of at least {@link PARALLEL_MIN_BYTES} in
 * all on a machine with more than one CPU; `on`: for any plain files (tests); `off`: one thread.
 * Standard input and gzip files are always read on the main thread.
 */
export type ParallelMode = 'auto' | 'on' | 'off';

/** Below this much log (about 50,000 lines) starting a worker costs more than it saves. */
export const PARALLEL_MIN_BYTES = 16_000_000;

const PROGRESS_EVERY = 200_000;

/** The parse worker next to this module (see {@link siblingWorkerScript}). */
function workerScript(): WorkerScript | undefined {
  return siblingWorkerScript(import.meta.url, 'parse-worker');
}

function isPlainFile(path: string): boolean {
  let fd: number | undefined;
  try {
    if (!statSync(path).isFile()) return false;
    fd = openSync(path, 'r');
    const head = Buffer.alloc(2);
    const n = readSync(fd, head, 0, 2, 0);
    return !(n === 2 && head[0] === 0x1f && head[1] === 0x8b);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** True when these sources are read in a parse worker under `mode`. */
export function useWorker(sources: readonly LogSource[], mode: ParallelMode): boolean {
  if (mode === 'off' || sources.length === 0) return false;
  if (mode === 'auto' && availableParallelism() < 2) return false;
  let bytes = 0;
  for (const s of sources) {
    if (s.kind !== 'file' || !isPlainFile(s.path)) return false;
    bytes += statSync(s.path).size;
  }
  return (mode === 'on' || bytes >= PARALLEL_MIN_BYTES) && workerScript() !== undefined;
}

/** The options a worker needs to derive events (the checks stay here). */
function deriveOptions(o: AnalyzerOptions): DeriveOptions {
  return {
    hashKey: o.hashKey,
    format: o.format,
    fieldMap: o.fieldMap,
    jsonPreset: o.jsonPreset,
    loginPatterns: o.loginPatterns,
    privilegedPatterns: o.privilegedPatterns,
    specTemplates: o.specTemplates,
    specPrivileged: o.specPrivileged,
    revoked: o.revoked,
  };
}

/**
 * Read and parse the files in a worker thread while this thread runs the detectors on the events
 * it sends, in line order: the same findings as a single-threaded run (parallel.test.ts).
 */
export async function readInWorker(sources: readonly LogSource[], analyzer: LogAnalyzer, o: AnalyzerOptions, opts: { progress?: ProgressSink; signal?: AbortSignal } = {}): Promise<ReadOutcome> {
  const script = workerScript();
  if (!script) throw new Error('the log parse worker is missing');
  // batches processed here, and when to wake the worker that waits for this thread to catch up
  const progress = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(script.script, { eval: script.eval, workerData: { sources, options: deriveOptions(o), progress } });
  const decoder = new EventDecoder();
  const observe = (e: Parameters<LogAnalyzer['observe']>[0]): void => analyzer.observe(e);
  let events = 0;
  let nextProgress = PROGRESS_EVERY;
  return new Promise<ReadOutcome>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', abort);
      f();
    };
    const abort = (): void => {
      void worker.terminate();
      settle(() => resolve({ notifications: [], unusable: [], bytes: 0, interrupted: true }));
    };
    opts.signal?.addEventListener('abort', abort);
    worker.on('message', (m: { batch?: EventBatch; done?: { outcome: ReadOutcome; summary: DeriveSummary } }) => {
      if (settled) return;
      if (m.batch) {
        decoder.decode(m.batch, observe);
        const n = Atomics.add(progress, 0, 1) + 1;
        if (n === Atomics.load(progress, 1)) Atomics.notify(progress, 0);
        events += m.batch.n;
        if (events >= nextProgress) {
          nextProgress += PROGRESS_EVERY;
          opts.progress?.({ engine: 'logs', phase: 'reading', done: events });
        }
      } else if (m.done) {
        analyzer.absorb(m.done.summary);
        const outcome = m.done.outcome;
        void worker.terminate();
        settle(() => resolve(outcome));
      }
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the log parse worker stopped (exit ${code})`))));
  });
}

/** Reads sampled lines back from files by byte offset (parallel runs keep no line text). */
export class LineReader {
  private readonly fds = new Map<string, number>();
  private readonly buf = Buffer.alloc(64 * 1024 + 1);

  constructor(private readonly paths: ReadonlyMap<string, string>) {}

  lineAt(file: string, offset: number): string {
    const path = this.paths.get(file);
    if (path === undefined) return '';
    let fd = this.fds.get(file);
    try {
      if (fd === undefined) {
        fd = openSync(path, 'r');
        this.fds.set(file, fd);
      }
      const n = readSync(fd, this.buf, 0, this.buf.length, offset);
      const nl = this.buf.indexOf(10);
      return this.buf.toString('utf8', 0, nl >= 0 && nl < n ? nl : n);
    } catch {
      return '';
    }
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}
