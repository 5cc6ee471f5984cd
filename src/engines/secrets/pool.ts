// A small worker_threads pool: files go out in batches, each worker keeps two batches in flight.
import { Worker } from 'node:worker_threads';
import type { FileResult, ScanLimits } from './process.js';
import type { RuleOptions } from './ruleset.js';
import type { BatchReply, BatchRequest } from './worker.js';

const fromSource = import.meta.url.endsWith('.ts');
const workerUrl = new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url);

/** Built code runs worker.js directly; from TypeScript sources (tests, dev) the worker loads tsx first. */
function startWorker(workerData: unknown): Worker {
  if (!fromSource) return new Worker(workerUrl, { workerData });
  const boot = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(workerUrl.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** Scan `files` on `threads` workers; `onResult` sees each file's result as it arrives. */
export async function scanInPool(
  files: readonly { abs: string; rel: string; size: number }[],
  threads: number,
  ruleOptions: RuleOptions,
  limits: ScanLimits,
  onResult: (r: FileResult, file: { rel: string; size: number }) => void,
  signal?: AbortSignal,
): Promise<void> {
  // Batches of roughly 1 MB or 64 files, whichever comes first.
  const batches: { abs: string; rel: string; size: number }[][] = [];
  let cur: { abs: string; rel: string; size: number }[] = [];
  let bytes = 0;
  for (const f of files) {
    cur.push(f);
    bytes += f.size;
    if (cur.length >= 64 || bytes >= 1024 * 1024) {
      batches.push(cur);
      cur = [];
      bytes = 0;
    }
  }
  if (cur.length > 0) batches.push(cur);
  const workers = Array.from({ length: Math.min(threads, batches.length) }, () => startWorker({ ruleOptions, limits }));
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const inFlight = new Map<number, { rel: string; size: number }[]>();
            const send = () => {
              while (inFlight.size < 2 && next < batches.length && !signal?.aborted) {
                const id = next++;
                const batch = batches[id]!;
                inFlight.set(id, batch);
                w.postMessage({ id, files: batch.map((f) => ({ abs: f.abs, rel: f.rel })) } satisfies BatchRequest);
              }
              if (inFlight.size === 0) resolve();
            };
            w.on('message', (reply: BatchReply) => {
              const batch = inFlight.get(reply.id);
              inFlight.delete(reply.id);
              if (reply.error) {
                reject(new Error(reply.error));
                return;
              }
              reply.results.forEach((r, i) => onResult(r, batch![i]!));
              send();
            });
            w.on('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
