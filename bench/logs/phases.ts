// Where the time goes, per stage, on one thread (CPU time of each phase, the best of a few runs):
// reading and splitting lines, deriving events (the parse worker's work), encoding them, and
// decoding them and running the detectors (the main thread's work in a parallel run).
// usage: tsx bench/logs/phases.ts DIR [format=combined] [runs=3]
import { join } from 'node:path';
import checks from '../../src/engines/logs/checks/index.js';
import { LineDeriver } from '../../src/engines/logs/derive.js';
import { LogAnalyzer } from '../../src/engines/logs/engine.js';
import { readRevokedList, readSources } from '../../src/engines/logs/load.js';
import type { LineSink } from '../../src/engines/logs/load.js';
import { EventDecoder, EventEncoder, StringTable } from '../../src/engines/logs/transfer.js';
import type { EventBatch } from '../../src/engines/logs/transfer.js';

const [dir = 'bench/.work/logs/1000000', format = 'combined', runs = '3'] = process.argv.slice(2);
const file = join(dir, `access.${format}.log`);
const options = { checks, hashKey: Buffer.from('bench-key'), revoked: readRevokedList(join(dir, `revoked.${format}.txt`)) };
const sources = [{ kind: 'file' as const, path: file, name: 'access.log' }];

function cpu<T>(f: () => T): [number, T] {
  const c0 = process.cpuUsage();
  const r = f();
  const c = process.cpuUsage(c0);
  return [(c.user + c.system) / 1e6, r];
}

async function best(label: string, f: () => Promise<number>): Promise<void> {
  let min = Infinity;
  let lines = 0;
  for (let i = 0; i < Number(runs); i++) {
    const c0 = process.cpuUsage();
    lines = await f();
    const c = process.cpuUsage(c0);
    min = Math.min(min, (c.user + c.system) / 1e6);
  }
  console.log(`${label.padEnd(28)} ${min.toFixed(2)} s CPU  ${Math.round(lines / min).toLocaleString('en').padStart(10)} lines/CPU-s`);
}

async function read(line: (d: LineDeriver) => LineSink['line'], strings?: StringTable): Promise<number> {
  const d = new LineDeriver(options, strings);
  const s: LineSink = { beginFile: (n) => d.beginFile(n), line: line(d), get lines() { return d.lines; }, get parsed() { return d.parsed; }, filesSeen: () => d.filesSeen() };
  await readSources(sources, s);
  return d.lines;
}

await best('read + split', () => read((d) => () => void d.lines++));
await best('read + derive', () => read((d) => (t, l, o) => void d.derive(t, l, o)));
let batches: EventBatch[] = [];
await best('read + derive + encode', () => {
  batches = [];
  const strings = new StringTable();
  const enc = new EventEncoder(strings, (b) => batches.push(b));
  return read((d) => (t, l, o) => {
    const e = d.derive(t, l, o);
    if (e) enc.add(e, d.nos);
  }, strings).finally(() => enc.flush());
});
await best('decode + detect', async () => {
  const a = new LogAnalyzer(options);
  const dec = new EventDecoder();
  let events = 0;
  const [, n] = cpu(() => {
    for (const b of batches) {
      dec.decode(b, (e) => a.observe(e));
      events += b.n;
    }
    return a.finish().findings.length;
  });
  if (n === 0) throw new Error('no findings');
  return events;
});
