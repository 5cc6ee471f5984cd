import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ProgressSink } from '../../core/progress.js';
import { siblingWorkerScript } from '../../core/worker-script.js';
import type { WorkerScript } from '../../core/worker-script.js';
import { initParsers } from './parse.js';
import type { Prepared, SourceFile } from './prepare.js';
import { prepareFile } from './prepare.js';
import type { Packed } from './transfer.js';
import { Unpacker } from './transfer.js';

/**
 * `auto` (the default): worker threads only for inputs of at least {@link PARALLEL_MIN_BYTES} on a
 * machine with more than one CPU; `on`: always at least one worker (tests); `off`: main thread only.
 */
export type ParallelMode = 'auto' | 'on' | 'off';

/**
 * Below this much source text (about 90,000 lines) a worker does not pay for itself: it copies its
 * results back (serialised in the worker, rebuilt on the main thread) and starts cold; measured on a
 * 2-CPU machine, a 1.9 MB input was slower with a worker and a 3.6 MB one about 15 % faster.
 */
export const PARALLEL_MIN_BYTES = 3_000_000;
/** Files per unit of work taken from the shared counter. */
const CHUNK = 16;

export interface PrepareOptions {
  readonly maxBytes: number;
  readonly parallel?: ParallelMode;
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
}

/** The parse worker next to this module (see {@link siblingWorkerScript}). */
function workerScript(): WorkerScript | undefined {
  return siblingWorkerScript(import.meta.url, 'parse-worker');
}

function workerCount(mode: ParallelMode, bytes: number): number {
  if (mode === 'off') return 0;
  const cpus = availableParallelism();
  if (mode === 'on') return Math.max(1, Math.min(3, cpus - 1));
  if (cpus < 2 || bytes < PARALLEL_MIN_BYTES) return 0;
  return Math.min(3, cpus - 1);
}

/**
 * Parse and lower every file, in worker threads when the input is large enough. The result is in
 * file order whatever thread did the work, so everything after it (cross-file resolution, taint,
 * rules) sees exactly what a single-threaded run sees.
 */
export async function prepareAll(files: readonly SourceFile[], opts: PrepareOptions): Promise<{ prepared: Prepared[]; workers: number; workerFiles: number }> {
  // the workers start while this thread loads its own parsers
  const parsersReady = initParsers();
  const n = files.length;
  const results: (Prepared | undefined)[] = new Array<Prepared | undefined>(n);
  let done = 0;
  let workerFiles = 0;
  let reported = 0;
  const tick = (): void => {
    if (opts.progress && done - reported >= 50) { reported = done; opts.progress({ engine: 'code', phase: 'parsing', done, total: n }); }
  };
  const script = workerScript();
  const bytes = files.reduce((s, f) => s + f.text.length, 0);
  const count = script ? workerCount(opts.parallel ?? 'auto', bytes) : 0;
  if (count === 0) {
    await parsersReady;
    for (let i = 0; i < n; i++) {
      if (opts.signal?.aborted) break;
      results[i] = prepareFile(files[i]!, opts.maxBytes);
      done++;
      tick();
    }
  } else {
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const workers = Array.from({ length: count }, () => new Worker(script!.script, { eval: script!.eval, workerData: { files, maxBytes: opts.maxBytes, chunk: CHUNK, counter } }));
    let firstReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => { firstReady = resolve; });
    const finished = workers.map((w) => new Promise<void>((resolve) => {
      // each worker's messages continue its shape table, so one reader per worker
      const unpacker = new Unpacker();
      w.on('message', (m: { start?: number; results?: Prepared[]; packed?: Packed; done?: boolean; ready?: boolean }) => {
        if (m.ready) firstReady();
        let chunk = m.results;
        if (m.packed) {
          try {
            chunk = unpacker.unpack(m.packed) as Prepared[];
          } catch {
            // unreadable: these files stay without results and the main thread does them below
            chunk = undefined;
          }
        }
        if (chunk && m.start !== undefined) {
          for (let j = 0; j < chunk.length; j++) {
            const r = chunk[j]!;
            // the worker leaves the source lines out: this thread has the text already
            if (r.module) (r.module as { lines: readonly string[] }).lines = files[m.start + j]!.text.split('\n');
            results[m.start + j] = r;
          }
          done += chunk.length;
          workerFiles += chunk.length;
          tick();
        }
        if (m.done) resolve();
      });
      // a worker that fails leaves its files without results; the main thread does them below
      w.on('error', () => { firstReady(); resolve(); });
      w.on('exit', () => { firstReady(); resolve(); });
    }));
    await parsersReady;
    // `on` (tests): let a worker start before the main thread takes work, so the workers surely get some
    if (opts.parallel === 'on') await ready;
    for (;;) {
      if (opts.signal?.aborted) { Atomics.store(counter, 0, n); break; }
      const start = Atomics.add(counter, 0, CHUNK);
      if (start >= n) break;
      const end = Math.min(n, start + CHUNK);
      for (let i = start; i < end; i++) results[i] = prepareFile(files[i]!, opts.maxBytes);
      done += end - start;
      tick();
      // let the workers' finished chunks in while we keep working
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await Promise.all(finished);
    await Promise.all(workers.map((w) => w.terminate()));
    if (!opts.signal?.aborted) for (let i = 0; i < n; i++) results[i] ??= prepareFile(files[i]!, opts.maxBytes);
  }
  opts.progress?.({ engine: 'code', phase: 'parsing', done: n, total: n });
  return { prepared: results.filter((r): r is Prepared => r !== undefined), workers: count, workerFiles };
}
