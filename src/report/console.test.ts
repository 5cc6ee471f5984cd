import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeReport } from '../core/report.js';
import { fixtureReport } from '../../test/report/fixture.js';
import { renderConsole } from './console.js';
import { FORMATS, renderReport } from './index.js';

const ANSI = /\x1b\[[0-9;]*m/;

test('console: groups by severity then domain, one line per finding plus evidence', () => {
  const out = renderConsole(fixtureReport());
  assert.doesNotMatch(out, ANSI, 'no colour unless asked');
  const order = ['CRITICAL (1)', 'HIGH (2)', 'MEDIUM (2)', 'INFO (1)'].map((h) => out.indexOf(h));
  assert.ok(order.every((i) => i >= 0), out);
  assert.deepEqual([...order].sort((a, b) => a - b), order, 'severities in order');
  assert.ok(!out.includes('LOW ('), 'empty severities are not listed');
  const high = out.slice(out.indexOf('HIGH (2)'), out.indexOf('MEDIUM (2)'));
  assert.ok(high.indexOf('  injection') < high.indexOf('  misconfiguration'), 'domains inside a severity');

  const lines = out.split('\n');
  const line = (needle: string) => lines.find((l) => l.includes(needle)) ?? '';
  // the four location kinds
  assert.match(line('scan/sql-injection'), /CRITICAL\s+scan\/sql-injection\s+Parameter id reaches a SQL query \(SQLite error\)\.\s+GET \/users\/\{id\} \[path id\]$/);
  assert.match(line('code/sql-injection'), /src\/db\/users\.ts:17-18$/);
  assert.match(line('spec/server-url-plain-http'), /openapi\.yaml:8 \(\/servers\/0\/url\)$/);
  assert.match(line('logs/password-spraying'), /logs\/access\.log:1200-1290$/);
  // evidence excerpts on the following, indented line
  const next = (needle: string) => lines[lines.findIndex((l) => l.includes(needle)) + 1] ?? '';
  assert.match(next('scan/sql-injection'), /^\s{8,}SQLite error after a single quote$/);
  assert.match(next('code/sql-injection'), /req\.params\.id \(src\/routes\/users\.ts:9\) → db\.prepare\(query\) \(src\/db\/users\.ts:17\)/);
  assert.match(next('code/hardcoded-key'), /secret sk_live_…\(32 chars\)/);
  assert.match(next('scan/cors-reflected-origin'), /OPTIONS http:\/\/127\.0\.0\.1:4010\/login → 204/);
});

test('console: suppressed counted apart, notifications, engines and totals', () => {
  const out = renderConsole(fixtureReport());
  assert.match(out, /Suppressed: 1 finding \(not counted in the totals\)\n {2}code\/hardcoded-key {2}test\/fixtures\/keys\.ts:1 {2}— test fixture, not a real key/);
  assert.match(out, /Tool notifications: 1 error, 1 warning, 1 note/);
  assert.match(out, /error\s+scan check-failed \(scan\/missing-security-headers\): check crashed: TypeError/);
  assert.match(out, /scan\s+http:\/\/127\.0\.0\.1:4010 {2}3 checks, 2 findings, 12\.5s {2}requests=312 operations=9/);
  assert.match(out, /logs\s+logs\/access\.log {2}1 check, 1 finding, 2\.0s {2}lines=100000/);
  const last = out.trimEnd().split('\n').at(-1)!;
  assert.equal(last, 'Totals: 6 findings: 1 critical, 2 high, 2 medium, 0 low, 1 info (+1 suppressed)');
});

test('console: colour only when asked', () => {
  const out = renderConsole(fixtureReport(), { color: true });
  assert.match(out, ANSI);
  assert.equal(out.replace(/\x1b\[[0-9;]*m/g, ''), renderConsole(fixtureReport(), { color: false }));
});

test('console: terminal control sequences from a target are made visible, never emitted', () => {
  const out = renderConsole(fixtureReport({ text: '\x1b[2J\x1b]0;pwned\x07\r\u202e' }));
  assert.doesNotMatch(out, /\x1b|\x07|\r|\u202e/);
  assert.ok(out.includes('\\u001b[2J'));
  // a hand-edited report: escape sequences in ids, an unknown severity
  const base = fixtureReport();
  const odd = { ...base.runs[0]!.findings[0]!, checkId: 'scan/\x1b[31mx', domain: '\x1b]8;;evil\x07' as never, severity: 'urgent' as never };
  const out2 = renderConsole({ ...base, runs: [{ ...base.runs[0]!, findings: [odd] }] });
  assert.doesNotMatch(out2, /\x1b|\x07/);
  assert.match(out2, /URGENT \(1\)/);
});

test('console: an empty report says so', () => {
  const out = renderConsole(makeReport([], '0.1.0', '2026-01-01T00:00:00Z'));
  assert.match(out, /No findings\./);
  assert.match(out, /Totals: 0 findings/);
});

test('renderReport renders every format, also for an empty report', () => {
  for (const f of FORMATS) {
    assert.ok(renderReport(fixtureReport(), f).length > 100, f);
    assert.ok(renderReport(makeReport([], '0.1.0', '2026-01-01T00:00:00Z'), f).length > 20, f);
  }
});
