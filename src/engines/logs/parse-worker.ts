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
}

/** Batches posted and not yet processed by the main thread, at most. */
const IN_FLIGHT = 6;

const data = workerData as Data;
const port = parentPort!;
const strings = new StringTable();
const deriver = new LineDeriver({ ...data.options, hashKey: Buffer.from(data.options.hashKey) }, strings);
let inFlight = 0;
let wake: (() => void) | undefined;
port.on('message', (m: string) => {
  if (m !== 'ack') return;
  inFlight--;
  const w = wake;
  wake = undefined;
  w?.();
});
const encoder = new EventEncoder(strings, (b) => {
  inFlight++;
  port.postMessage({ batch: b }, [b.ints.buffer as ArrayBuffer, b.doubles.buffer as ArrayBuffer]);
});
const sink: LineSink = {
  beginFile: (name) => deriver.beginFile(name),
  line: (text, lineNo, offset) => {
    const e = deriver.derive(text, lineNo, offset);
    if (e) encoder.add(e, deriver.nos);
  },
  get lines() {
    return deriver.lines;
  },
  get parsed() {
    return deriver.parsed;
  },
  filesSeen: () => deriver.filesSeen(),
  ready: () => (inFlight < IN_FLIGHT ? undefined : new Promise<void>((resolve) => (wake = resolve))),
};
const outcome = await readSources(data.sources, sink);
encoder.flush();
port.postMessage({ done: { outcome, summary: deriver.summary() } });
port.close();
