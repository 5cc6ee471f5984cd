import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureReport } from '../../test/report/fixture.js';
import { stringifyParts } from './json-parts.js';
import { renderReport, renderReportParts } from './index.js';
import type { Format } from './index.js';

function joined(value: unknown): { text: string; parts: number } {
  const parts: string[] = [];
  stringifyParts(value, (p) => parts.push(p));
  return { text: parts.join(''), parts: parts.length };
}

test('stringifyParts: the parts make exactly JSON.stringify(value, null, 2)', () => {
  const cases: unknown[] = [
    {},
    [],
    { a: [], b: {}, c: [[]], d: [{}], e: null },
    [1, 'two', null, true, undefined, () => 1, Symbol('s'), { x: undefined, y: () => 2, z: 3 }],
    { when: new Date(0), boxed: [new Number(1), new String('s'), new Boolean(false)], nested: { toJSON: (k: string) => `key ${k}` } },
    { text: 'line\nbreak "quoted" \\ \u2028 \u0000 é 𝄞 \ud800', 'key\nwith "quote"': 1, '': 2 },
    { deep: { a: { b: { c: { d: { e: { f: [1, [2, [3, { g: 'h' }]]] } } } } } } },
    [[[[[['six levels']]]]]],
    // Lists three levels down go out in batches: more than one batch, with items JSON drops or nulls.
    { runs: [{ findings: Array.from({ length: 150 }, (_, i) => (i % 17 === 0 ? undefined : i % 23 === 0 ? () => i : { i, text: `f${i}\n"é𝄞`, deep: { list: [i, { x: [] }] } })) }] },
    { runs: [{ findings: Array.from({ length: 64 }, (_, i) => i), one: [null], none: [] }] },
    fixtureReport(),
    fixtureReport({ text: '<script>"\u2028\u0000' }),
  ];
  for (const value of cases) {
    const want = JSON.stringify(value, null, 2);
    assert.equal(joined(value).text, want, want.slice(0, 80));
  }
  // A big report does come in many parts (each finding at least one).
  const report = fixtureReport();
  const findings = report.runs.reduce((n, r) => n + r.findings.length, 0);
  assert.ok(joined(report).parts > findings);
});

test('stringifyParts: values JSON cannot write at the top are refused, as JSON.stringify gives undefined for them', () => {
  assert.throws(() => stringifyParts(undefined, () => {}), /no JSON form/);
  assert.throws(() => stringifyParts(() => 1, () => {}), /no JSON form/);
});

test('renderReportParts: every format joins to exactly renderReport', () => {
  const report = fixtureReport();
  for (const format of ['console', 'json', 'sarif', 'junit', 'html', 'markdown'] as Format[]) {
    const parts: string[] = [];
    renderReportParts(report, format, (p) => parts.push(p));
    assert.equal(parts.join(''), renderReport(report, format), format);
  }
});
