// What an incident keeps of its lines is copied when reported: a detector may move its window's
// reference on (`markLine`) and a parallel run refills one event object per row, and neither may
// change the findings already raised.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import scraping from './checks/scraping.js';
import { defineLogCheck } from './define.js';
import type { IncidentHandle } from './define.js';
import { LineDeriver } from './derive.js';
import { LogAnalyzer } from './engine.js';
import { renderCombined } from './generator/index.js';
import { lineRef, markLine } from './state.js';
import { EventDecoder, EventEncoder, StringTable } from './transfer.js';
import type { EventBatch } from './transfer.js';
import type { LineRef } from './types.js';
import { T0, rq } from './testing.js';

/** Raises at the 3rd line with the 1st as the window's first line, extends with the 4th, then moves its reference on. */
const windowCheck = defineLogCheck({
  meta: scraping.meta,
  defaults: {},
  optionsSchema: {},
  create(_o, env) {
    let first: LineRef | undefined;
    let handle: IncidentHandle | undefined;
    let n = 0;
    return {
      observe(e) {
        n++;
        if (first === undefined) first = lineRef(e);
        else if (handle !== undefined) markLine(first, e);
        if (n === 3) {
          handle = env.report({ messageId: 'noNorm', data: { principal: e.principal, paths: 1, reads: n, window: 600 }, principalKind: 'source', principal: e.ip, event: e, first, windowStart: first.time, counts: { reads: n }, thresholds: {} });
        } else if (n === 4) handle!.extend(e);
      },
    };
  },
});

const lines = Array.from({ length: 8 }, (_, i) => renderCombined(rq({ t: T0 + i * 1000, path: `/api/items/${i + 1}` })));

function expectIncident(a: LogAnalyzer): void {
  const [f, ...rest] = a.finish().findings;
  assert.equal(rest.length, 0);
  assert.equal(f!.location.kind, 'log');
  const loc = f!.location as { line: number; endLine?: number; time: string; endTime?: string };
  assert.equal(loc.line, 1);
  assert.equal(loc.endLine, 4);
  assert.equal(loc.time, new Date(T0).toISOString());
  assert.equal(loc.endTime, new Date(T0 + 3000).toISOString());
  assert.equal((f!.evidence?.data as { window: { firstLine: number } }).window.firstLine, 1);
  assert.deepEqual(
    f!.evidence?.lines?.map((l) => l.split(':')[1]),
    ['1', '3', '4'],
  );
}

test('an incident keeps its first line when the detector moves its window reference on', () => {
  const a = new LogAnalyzer({ checks: [windowCheck], hashKey: Buffer.from('k') });
  a.beginFile('access.log');
  lines.forEach((l, i) => a.line(l, i + 1));
  expectIncident(a);
});

test('an incident keeps its lines when the decoder refills one event object for every row', () => {
  const strings = new StringTable();
  const d = new LineDeriver({ hashKey: Buffer.from('k') }, strings);
  const batches: EventBatch[] = [];
  const enc = new EventEncoder(strings, (b) => batches.push(b));
  d.beginFile('access.log');
  lines.forEach((l, i) => {
    const e = d.derive(l, i + 1, i * 100);
    if (e) enc.add(e, d.nos);
  });
  enc.flush();
  const a = new LogAnalyzer({ checks: [windowCheck], hashKey: Buffer.from('k') });
  const seen = new Set<object>();
  for (const b of batches)
    new EventDecoder().decode(b, (e) => {
      seen.add(e);
      a.observe(e);
    });
  assert.equal(seen.size, 1, 'one event object for every row');
  expectIncident(a);
});
