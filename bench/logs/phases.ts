// Where the time goes, per stage, on one thread (CPU time of each phase): reading and splitting
// lines, deriving events (the parse worker's work), encoding them, and decoding them and running
// the detectors (the main thread's work in a parallel run).
// usage: tsx bench/logs/phases.ts DIR [format=combined]
import { join } from 'node:path';
import checks from '../../src/engines/logs/checks/index.js';
import { LineDeriver } from '../../src/engines/logs/derive.js';
import { LogAnalyzer } from '../../src/engines/logs/engine.js';
import { readRevokedList, readSources } from '../../src/engines/logs/load.js';
import type { LineSink } from '../../src/engines/logs/load.js';
import { EventDecoder, EventEncoder, StringTable } from '../../src/engines/logs/transfer.js';
import type { EventBatch } from '../../src/engines/logs/transfer.js';

const [dir = 'bench/.work/logs/1000000', format = 'combined'] = process.argv.slice(2);
const file = join(dir, `access.${format}.log`);
const options = { checks, hashKey: Buffer.from('bench-key'), revoked: readRevokedList(join(dir, `revoked.${format}.txt`)) };
const sources = [{ kind: 'file' as const, path: file, name: 'access.log' }];

async function phase(label: string, sink: (d: LineDeriver) => LineSink['line'], strings?: StringTable): Promise<number> {
  const d = new LineDeriver(options, strings);
  const line = sink(d);
  const s: LineSink = { beginFile: (n) => d.beginFile(n), line, get lines() { return d.lines; }, get parsed() { return d.parsed; }, filesSeen: () => d.filesSeen() };
  const c0 = process.cpuUsage();
  await readSources(sources, s);
  const c = process.cpuUsage(c0);
  const sec = (c.user + c.system) / 1e6;
  console.log(`${label.padEnd(28)} ${sec.toFixed(2)} s CPU  ${Math.round(d.lines / sec).toLocaleString('en').padStart(10)} lines/CPU-s`);
  return sec;
}

await phase('read + split', (d) => () => void d.lines++);
await phase('read + derive', (d) => (t, l, o) => void d.derive(t, l, o));
const batches: EventBatch[] = [];
const strings = new StringTable();
const enc = new EventEncoder(strings, (b) => batches.push(b));
await phase(
  'read + derive + encode',
  (d) => (t, l, o) => {
    const e = d.derive(t, l, o);
    if (e) enc.add(e, d.nos);
  },
  strings,
);
enc.flush();
const a = new LogAnalyzer(options);
const dec = new EventDecoder();
const c0 = process.cpuUsage();
let events = 0;
for (const b of batches) {
  dec.decode(b, (e) => a.observe(e));
  events += b.n;
}
const c = process.cpuUsage(c0);
const sec = (c.user + c.system) / 1e6;
console.log(`${'decode + detect'.padEnd(28)} ${sec.toFixed(2)} s CPU  ${Math.round(events / sec).toLocaleString('en').padStart(10)} lines/CPU-s  (${a.finish().findings.length} findings)`);
