// A worker thread that reads and parses log files for `rampart logs` (see parallel.ts): it derives
// every event (principal, network, operation, token identity) and posts them in compact batches;
// the main thread runs the detectors on them in line order. At most a few batches are in flight,
// so a slow consumer holds the reading back instead of filling memory.
import { parentPort, workerData } from 'node:worker_threads';
import { LineDeriver } from './derive.js';
import type { DeriveOptions } from './derive.js';
import { readSources } from './load.js';
import type { LineSink, LogSource } from './load.js';
import { EventEncoder, StringTable } from './transfer.js';

interface Data {
  readonly sources: LogSource[];
  readonly options: DeriveOptions;
  /** [0]: batches the main thread has processed; [1]: the count at which to wake this worker (0: none). */
  readonly progress: Int32Array;
}

/** `Atomics.waitAsync` (Node 16+; not in the TypeScript lib this project targets). */
interface AtomicsWaitAsync {
  waitAsync(a: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
}

/** Batches in flight that make the reader wait, and how few must be left before it goes on. */
const HIGH = 16;
const LOW = 4;

const data = workerData as Data;
const port = parentPort!;
const strings = new StringTable();
const deriver = new LineDeriver({ ...data.options, hashKey: Buffer.from(data.options.hashKey) }, strings);
const done = data.progress;
// a listening port keeps this thread's event loop alive while it waits on the shared counter
port.on('message', () => undefined);
let posted = 0;
const encoder = new EventEncoder(strings, (b) => {
  posted++;
  port.postMessage({ batch: b }, [b.ints.buffer as ArrayBuffer, b.doubles.buffer as ArrayBuffer]);
});

/** Wait (without a message per batch) until the main thread has caught up to LOW batches in flight. */
async function caughtUp(): Promise<void> {
  for (;;) {
    const seen = Atomics.load(done, 0);
    if (posted - seen <= LOW) return;
    Atomics.store(done, 1, posted - LOW);
    const w = (Atomics as unknown as AtomicsWaitAsync).waitAsync(done, 0, seen);
    if (w.async) await w.value;
  }
}

const sink: LineSink = {
  beginFile: (name) => deriver.beginFile(name),
  line: (text, lineNo, offset, bytes, at) => {
    const e = deriver.derive(text, lineNo, offset, bytes, at);
    if (e) encoder.add(e, deriver.nos);
  },
  get lines() {
    return deriver.lines;
  },
  get parsed() {
    return deriver.parsed;
  },
  filesSeen: () => deriver.filesSeen(),
  ready: () => (posted - Atomics.load(done, 0) < HIGH ? undefined : caughtUp()),
};
const outcome = await readSources(data.sources, sink, { blockingReads: true, transientLines: true });
encoder.flush();
port.postMessage({ done: { outcome, summary: deriver.summary() } });
port.close();
