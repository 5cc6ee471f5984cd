// A worker thread that parses and lowers files for the code engine (see parallel.ts). It takes
// chunks of file indexes from a shared counter, so the main thread and the workers balance the work
// between them, and posts each chunk's results back; the main thread puts them in file order.
import { parentPort, workerData } from 'node:worker_threads';
import { initParsers } from './parse.js';
import type { SourceFile } from './prepare.js';
import { prepareFile } from './prepare.js';
import { Packer } from './transfer.js';

interface Data { readonly files: readonly SourceFile[]; readonly maxBytes: number; readonly chunk: number; readonly counter: Int32Array }

const data = workerData as Data;
await initParsers();
parentPort!.postMessage({ ready: true });
const n = data.files.length;
const packer = new Packer();
for (;;) {
  const start = Atomics.add(data.counter, 0, data.chunk);
  if (start >= n) break;
  const end = Math.min(n, start + data.chunk);
  const results = [];
  for (let i = start; i < end; i++) {
    const r = prepareFile(data.files[i]!, data.maxBytes);
    // the source lines are rebuilt on the main thread from the text it already has: cheaper than copying them
    results.push(r.module ? { ...r, module: { ...r.module, lines: [] } } : r);
  }
  let packed;
  try {
    packed = packer.pack(results);
  } catch {
    // not representable in the compact format: structured cloning carries it
    parentPort!.postMessage({ start, results });
    continue;
  }
  parentPort!.postMessage({ start, packed }, [packed.ints.buffer]);
}
parentPort!.postMessage({ done: true });
