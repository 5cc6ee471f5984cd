import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { makeReport } from '../core/report.js';
import { fixtureReport } from '../../test/report/fixture.js';
import { PAYLOAD, hostileReport } from '../../test/report/hostile.js';
import { esc, renderHtml, renderValue, scriptJson } from './html.js';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64');
const between = (html: string, open: RegExp, close: string) => {
  const m = open.exec(html);
  assert.ok(m, String(open));
  const start = m.index + m[0].length;
  return html.slice(start, html.indexOf(close, start));
};

test('html: summary, charts, filters and every finding with evidence and remediation', () => {
  const html = renderHtml(fixtureReport());
  assert.match(html, /^<!doctype html>/);
  assert.equal((html.match(/<article class="finding /g) ?? []).length, 7, '6 active + 1 suppressed');
  assert.equal((html.match(/<figure class="chart">/g) ?? []).length, 3);
  assert.match(html, /Findings by severity/);
  assert.match(html, /Findings by domain/);
  assert.match(html, /API8:2023 Security Misconfiguration/);
  assert.match(html, /<option value="injection">injection<\/option>/);
  assert.match(html, /<option value="logs">logs<\/option>/);
  assert.match(html, /<input type="search" name="q"/);
  // evidence of every kind
  assert.match(html, /Authorization: Bearer abcdef…\(30 chars\)/, 'exchange headers, masked');
  assert.match(html, /HTTP 500 {3}\(12 ms\)/);
  assert.match(html, /<ol class="trace"><li class="step-source"><span class="step-kind">source<\/span> <code>src\/routes\/users\.ts:9:14<\/code> req\.params\.id<\/li>/);
  assert.match(html, /<code class="secret">sk_live_…\(32 chars\)<\/code>/);
  assert.match(html, /SELECT \* FROM users WHERE id = \$\{id\}/, 'snippet');
  assert.match(html, /Remediation<\/h4><p>Use parameterised queries/);
  assert.match(html, /<a href="https:\/\/owasp\.org\/www-community\/attacks\/SQL_Injection" rel="noreferrer noopener"/);
  assert.match(html, /Suppressed findings \(1\)/);
  assert.match(html, /Suppressed: test fixture, not a real key/);
  assert.match(html, /<td class="lvl-error">error<\/td><td>scan<\/td><td><code>check-failed<\/code>/);
});

test('html: engine extras (score, permission matrix, timeline, generic table)', () => {
  const html = renderHtml(fixtureReport());
  assert.match(html, /<h4>Score<\/h4><div class="score"><span class="score-value">72<\/span><span class="muted"> \/ 100<\/span> <span class="grade">C<\/span>/);
  assert.match(html, /<h4>Permission Matrix<\/h4><div class="scroll"><table class="data matrix"><thead><tr><th><\/th><th>anonymous<\/th><th>alice<\/th><th>admin<\/th>/);
  assert.match(html, /<th scope="row">GET \/users\/\{id\}<\/th><td><span class="tone-deny">denied<\/span><\/td><td><span class="tone-allow">allowed<\/span>/);
  assert.match(html, /<h4>Timeline<\/h4><ol class="timeline"><li><time>2026-03-01T10:00:00Z<\/time><div><strong>spraying starts<\/strong> <span class="fact"><b>ip<\/b> 203\.0\.113\.7<\/span>/);
  assert.match(html, /<h4>Routes<\/h4><div class="scroll"><table class="data"><thead><tr><th>method<\/th><th>path<\/th><th>handler<\/th>/);
  // the spec engine's score shape: overall plus per-category scores
  const spec = renderHtml({ ...fixtureReport(), runs: [{ ...fixtureReport().runs[2]!, extras: { score: { overall: 64, categories: [{ name: 'authentication', score: 40, findings: 3 }, { name: 'inventory', score: 100, findings: 0 }], worst: ['authentication'] } } }] });
  assert.match(spec, /<span class="score-value">64<\/span>/);
  assert.match(spec, /<table class="kv score-categories"><tbody><tr><th scope="row">authentication<\/th><td><div class="score"><span class="score-value">40<\/span>/);
  assert.match(spec, /<th scope="row">worst<\/th><td>authentication<\/td>/);
  // the logs engine's timeline shape: time, checkId, principal, count
  const logs = renderHtml({ ...fixtureReport(), runs: [{ ...fixtureReport().runs[3]!, extras: { timeline: [{ time: '2026-03-01T10:00:00Z', checkId: 'logs/password-spraying', principal: 'ip 203.0.113.7', count: 40 }] } }] });
  assert.match(logs, /<ol class="timeline"><li><time>2026-03-01T10:00:00Z<\/time><div><strong>logs\/password-spraying<\/strong> <span class="fact"><b>principal<\/b> ip 203\.0\.113\.7<\/span> <span class="fact"><b>count<\/b> 40<\/span>/);
  assert.equal(renderValue([1, 'a', true]), '1, a, true');
  assert.match(renderValue({ a: { b: [1, { c: 2 }] } }), /<table class="kv">/);
});

test('html: self-contained, with a CSP matching its own inline style and script', () => {
  const html = renderHtml(fixtureReport());
  assert.ok(!/<link\b|<img\b|<iframe\b|\bsrc=|url\(|@import/i.test(html), 'no external resources');
  const csp = between(html, /<meta http-equiv="Content-Security-Policy" content="/, '"');
  const style = between(html, /<style>/, '</style>');
  const script = between(html, /<script>/, '</script>');
  assert.ok(csp.includes(`default-src 'none'`));
  assert.ok(csp.includes(`style-src 'sha256-${sha(style)}'`), 'style hash');
  assert.ok(csp.includes(`script-src 'sha256-${sha(script)}'`), 'script hash');
});

test('html: every payload is escaped, filter data is script-safe JSON', () => {
  const html = renderHtml(hostileReport());
  assert.equal((html.match(/<script\b/g) ?? []).length, 2, 'only our two script blocks');
  assert.equal((html.match(/<style\b/g) ?? []).length, 1);
  assert.equal((html.match(/<\/style>/g) ?? []).length, 1);
  const no = (re: RegExp, what: string) => assert.ok(!re.test(html), `${what}: ${re.exec(html)?.[0]}`);
  no(/<(img|iframe|object|embed|svg onload|b\s)[^>]*>/i, 'no injected elements');
  // every attribute value is double-quoted with `"` escaped inside, so dropping the values leaves only names
  const attrNames = (html.match(/<[a-z][^>]*>/gi) ?? []).map((tag) => tag.replace(/="[^"]*"/g, ''));
  assert.deepEqual(attrNames.filter((t) => /\son\w+|[='`]/i.test(t.slice(1))), [], 'no event-handler or unquoted attribute');
  no(/href="javascript:/i, 'no javascript: link');
  assert.ok(html.includes(esc(PAYLOAD)), 'payload shown as text');
  const json = between(html, /<script type="application\/json" id="rampart-data">/, '</script>');
  assert.doesNotMatch(json, /[<>&\u2028\u2029]/);
  const data = JSON.parse(json) as { findings: Array<{ text: string; domain: string }> };
  assert.equal(data.findings.length, 7);
  assert.ok(data.findings.some((f) => f.text.includes('<script>window.__pwned=1')), 'search text keeps the payload as data');
  assert.equal(scriptJson({ a: '</script>&\u2028' }), '{"a":"\\u003c/script\\u003e\\u0026\\u2028"}');
});

test('html: an empty report renders', () => {
  const html = renderHtml(makeReport([], '0.1.0', '2026-01-01T00:00:00Z'));
  assert.match(html, /No findings\./);
  assert.match(html, /No engines ran\./);
});

test('html: the permission matrix shows operations × identities and marks contradictions', () => {
  const matrix = {
    identities: ['anonymous', 'alice', 'admin'],
    rows: [
      { operation: 'GET /admin/users', cells: { anonymous: { observed: 'denied', expected: 'denied', status: 401 }, alice: { observed: 'allowed', expected: 'denied', status: 200 }, admin: { observed: 'allowed', expected: 'allowed', status: 200 } }, contradictions: 1 },
      { operation: 'GET /me', cells: { anonymous: { observed: 'denied', expected: 'denied' }, alice: { observed: 'allowed', expected: 'allowed' }, admin: { observed: 'allowed', expected: 'allowed' } }, contradictions: 0 },
    ],
    contradictions: 1,
  };
  const html = renderHtml({ ...fixtureReport(), runs: [{ ...fixtureReport().runs[0]!, extras: { permissionMatrix: matrix } }] });
  assert.match(html, /1 cell\(s\) contradict/);
  assert.match(html, /<th>anonymous<\/th><th>alice<\/th><th>admin<\/th>/);
  assert.equal((html.match(/pm-bad/g) ?? []).length - (html.match(/\.pm-bad/g) ?? []).length, 1, 'exactly one cell marked');
  assert.match(html, /✓ allowed <b>≠ denied<\/b>/);
});
