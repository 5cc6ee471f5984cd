// Unit tests of the pure injection machinery, and a table naming every injection check with the
// places it tests. End-to-end tests against real fixture servers are in test/injection/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import checks from '../checks/index.js';
import { canary, seededRandom } from './canary.js';
import { applyMutation, injectionPoints, toWire } from './points.js';
import { responseSimilarity, stripReflections, textSimilarity } from './similarity.js';
import { DELAY_PAYLOADS, SQL_CONTEXTS, conditionPayload, findSqlError } from './sql.js';
import { isDelayed, judgeTiming } from './timing.js';
import type { ProbeRequest } from './types.js';

const INJECTION_CHECKS: Record<string, readonly string[]> = {
  'scan/crlf-injection': ['path', 'query', 'form', 'body', 'cookie'],
  'scan/host-header-injection': ['header'],
  'scan/ldap-injection': ['path', 'query', 'body', 'form', 'multipart', 'header', 'cookie'],
  'scan/nosql-injection': ['body', 'query', 'form'],
  'scan/os-command-injection': ['path', 'query', 'header', 'cookie', 'body', 'form', 'multipart'],
  'scan/path-traversal': ['path', 'query', 'body', 'form', 'multipart', 'cookie'],
  'scan/reflected-xss': ['path', 'query', 'body', 'form', 'multipart'],
  'scan/server-side-request-forgery': ['query', 'body', 'form', 'multipart', 'header', 'path'],
  'scan/server-side-template-injection': ['path', 'query', 'header', 'cookie', 'body', 'form', 'multipart'],
  'scan/smtp-header-injection': ['query', 'body', 'form', 'multipart'],
  'scan/sql-injection': ['path', 'query', 'header', 'cookie', 'body', 'form', 'multipart'],
  'scan/xml-external-entity': ['body'],
};

test('every injection check is registered with the places it tests', () => {
  for (const [id, places] of Object.entries(INJECTION_CHECKS)) {
    const c = checks.find((x) => x.meta.id === id) as unknown as { injection?: { places: readonly string[] } } | undefined;
    assert.ok(c, `${id} registered`);
    assert.deepEqual([...(c.injection?.places ?? [])].sort(), [...places].sort(), id);
  }
});

const base: ProbeRequest = {
  method: 'POST',
  pathTemplate: '/api/items/{id}',
  pathParams: { id: '7' },
  query: [['q', 'books']],
  headers: { 'x-tenant': 'acme' },
  cookies: [['session', 'abc']],
  body: { kind: 'json', value: { filter: { tags: ['a', 'b'], price: 3 }, active: true } },
};

test('injection points cover path, query, header, cookie and nested JSON leaves (arrays included)', () => {
  const names = injectionPoints(base).map((p) => `${p.in}:${p.name}`);
  assert.deepEqual(names, ['path:id', 'query:q', 'header:x-tenant', 'cookie:session', 'body:filter.tags[0]', 'body:filter.tags[1]', 'body:filter.price', 'body:active']);
});

test('a mutation changes one place only and serialises with the right encoding', () => {
  const points = injectionPoints(base);
  const tag = points.find((p) => p.name === 'filter.tags[1]')!;
  const w = toWire(applyMutation(base, tag, { kind: 'json', value: { $ne: 1 } }));
  assert.equal(w.body, JSON.stringify({ filter: { tags: ['a', { $ne: 1 }], price: 3 }, active: true }));
  const id = points.find((p) => p.in === 'path')!;
  assert.equal(toWire(applyMutation(base, id, { kind: 'value', value: "7' AND 1=1-- -" })).target, "/api/items/7'%20AND%201%3D1--%20-?q=books");
  const q = points.find((p) => p.in === 'query')!;
  assert.equal(toWire(applyMutation(base, q, { kind: 'bracket', op: '$ne', value: 'x' })).target, '/api/items/7?q[%24ne]=x');
  const form: ProbeRequest = { ...base, body: { kind: 'form', fields: [['email', 'a@b.c']] } };
  const fp = injectionPoints(form).find((p) => p.in === 'form')!;
  assert.equal(toWire(applyMutation(form, fp, { kind: 'value', value: 'a@b.c\r\nBcc: x' })).body, 'email=a%40b.c%0D%0ABcc%3A%20x');
});

test('SQL error signatures name the DBMS, also inside JSON-escaped bodies', () => {
  assert.equal(findSqlError('{"error":"near \\"x\\": syntax error"}')?.dbms, 'SQLite');
  assert.equal(findSqlError('ERROR: unterminated quoted string at or near "\'"')?.dbms, 'PostgreSQL');
  assert.equal(findSqlError("You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version")?.dbms, 'MariaDB');
  assert.equal(findSqlError('You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version')?.dbms, 'MySQL');
  assert.equal(findSqlError("Unclosed quotation mark after the character string ''.")?.dbms, 'Microsoft SQL Server');
  assert.equal(findSqlError('ORA-01756: quoted string not properly terminated')?.dbms, 'Oracle');
  assert.equal(findSqlError('{"items":[],"note":"syntax is fine"}'), undefined);
});

test('SQL payloads: conditions per context and delays per DBMS', () => {
  const single = SQL_CONTEXTS.find((c) => c.name === 'single-quoted string')!;
  assert.equal(conditionPayload('books', single, '1=1'), "books' AND 1=1 AND 'q'='q");
  const dbms = DELAY_PAYLOADS.map((d) => d.dbms);
  assert.deepEqual(dbms, ['PostgreSQL', 'MySQL', 'Microsoft SQL Server', 'Oracle', 'SQLite']);
  assert.match(DELAY_PAYLOADS[0]!.build('3', SQL_CONTEXTS[0]!, 2), /pg_sleep\(2\)/);
});

test('similarity ignores reflections of what was sent', () => {
  assert.equal(textSimilarity('a b c', 'a b c'), 1);
  assert.ok(textSimilarity('{"items":[1,2]}', '{"items":[]}') < 0.9);
  assert.equal(stripReflections('no results for &lt;x&gt;', ['<x>']), 'no results for ');
  const r = (body: string) => ({ ok: true as const, status: 200, headers: {}, body, timeMs: 1 });
  assert.equal(responseSimilarity(r('results for AAA'), r('results for BBB'), ['AAA', 'BBB']), 1);
});

test('timing: a delay counts only against every control, with a fast zero-delay twin, repeated', () => {
  assert.ok(isDelayed(2100, 2, [40, 60]));
  assert.ok(!isDelayed(2100, 2, [40, 1900]));
  assert.equal(judgeTiming([40, 50], [45], [{ label: 'a', delayS: 2, timeMs: 2050 }, { label: 'b', delayS: 2, timeMs: 2060 }]).confirmed, true);
  assert.equal(judgeTiming([40, 50], [2045], [{ label: 'a', delayS: 2, timeMs: 2050 }, { label: 'b', delayS: 2, timeMs: 2060 }]).confirmed, false, 'slow zero twin');
  assert.equal(judgeTiming([40, 50], [45], [{ label: 'a', delayS: 2, timeMs: 2050 }, { label: 'b', delayS: 2, timeMs: 300 }]).confirmed, false, 'not repeated');
  assert.equal(judgeTiming([40, 50], [45], [{ label: 'a', delayS: 2, timeMs: 5000 }, { label: 'b', delayS: 3, timeMs: 5050 }]).confirmed, false, 'a fixed stall does not grow with the delay');
  assert.equal(judgeTiming([40, 50], [45], [{ label: 'a', delayS: 2, timeMs: 2050 }, { label: 'b', delayS: 3, timeMs: 3060 }]).confirmed, true, 'grows with the delay');
  assert.equal(judgeTiming([1500, 3000], [2000], [{ label: 'a', delayS: 2, timeMs: 3500 }, { label: 'b', delayS: 2, timeMs: 3600 }]).confirmed, false, 'jittery server');
});

test('canaries are deterministic for a seed', () => {
  assert.equal(canary(seededRandom(1)), canary(seededRandom(1)));
  assert.match(canary(seededRandom(2)), /^rmp[a-z]{8}$/);
});
