import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOMParser } from '@xmldom/xmldom';
import type { Document, Element } from '@xmldom/xmldom';
import { fixtureReport } from '../../test/report/fixture.js';
import { renderJunit, xmlEscape } from './junit.js';

/** Parse strictly: any xmldom warning or error fails, and characters XML 1.0 forbids are rejected. */
function parse(xml: string): Document {
  assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/, 'no characters XML 1.0 forbids');
  assert.doesNotMatch(xml, /<!\[CDATA\[/);
  const doc = new DOMParser({
    onError: (level: string, msg: string) => {
      throw new Error(`${level}: ${msg}`);
    },
  }).parseFromString(xml, 'text/xml');
  return doc;
}

const all = (d: Document | Element, tag: string): Element[] => Array.from(d.getElementsByTagName(tag));

test('junit: one suite per run, one case per check, one failure per finding', () => {
  const doc = parse(renderJunit(fixtureReport()));
  const root = doc.documentElement!;
  assert.equal(root.nodeName, 'testsuites');
  assert.equal(root.getAttribute('tests'), '7');
  assert.equal(root.getAttribute('failures'), '6', 'the suppressed finding is not a failure');
  assert.equal(root.getAttribute('errors'), '1');
  const suites = all(doc, 'testsuite');
  assert.deepEqual(suites.map((s) => s.getAttribute('name')), ['rampart scan: http://127.0.0.1:4010', 'rampart code: .', 'rampart spec: openapi.yaml', 'rampart logs: logs/access.log']);
  const scan = suites[0]!;
  assert.equal(scan.getAttribute('tests'), '3');
  assert.equal(scan.getAttribute('failures'), '2');
  assert.equal(scan.getAttribute('time'), '12.500');
  const cases = all(scan, 'testcase');
  assert.deepEqual(cases.map((c) => c.getAttribute('name')), ['scan/sql-injection: SQL injection', 'scan/cors-reflected-origin: CORS reflects any origin with credentials', 'scan/missing-security-headers: Security headers missing']);
  assert.equal(cases[0]!.getAttribute('classname'), 'rampart.scan');
  const failure = all(cases[0]!, 'failure')[0]!;
  assert.equal(failure.getAttribute('type'), 'critical');
  assert.equal(failure.getAttribute('message'), 'Parameter id reaches a SQL query (SQLite error). (GET /users/{id} [path id])');
  const body = failure.textContent ?? '';
  assert.match(body, /Location: GET \/users\/\{id\} \[path id\]/);
  assert.match(body, /\[probe\] GET http:\/\/127\.0\.0\.1:4010\/users\/1'/);
  assert.match(body, /Authorization: Bearer abcdef…\(30 chars\)/, 'credentials masked');
  assert.match(body, /-> 500/);
  assert.match(body, /Remediation: Use parameterised queries/);
  // the check that crashed
  assert.equal(all(cases[2]!, 'error')[0]!.getAttribute('type'), 'check-failed');
  // trace and suppressed finding in the code suite
  const code = suites[1]!;
  assert.match(all(code, 'failure')[0]!.textContent ?? '', /Trace:\n {2}1\. \[source\] src\/routes\/users\.ts:9 req\.params\.id/);
  const keyCase = all(code, 'testcase')[1]!;
  assert.equal(all(keyCase, 'failure').length, 1);
  assert.match(all(keyCase, 'system-out')[0]!.textContent ?? '', /suppressed: test\/fixtures\/keys\.ts:1: .*test fixture, not a real key/);
  assert.match(all(code, 'system-err')[0]!.textContent ?? '', /note file-skipped \(assets\/logo\.png\): binary file skipped/);
  const props = all(scan, 'property').map((p) => `${p.getAttribute('name')}=${p.getAttribute('value')}`);
  assert.deepEqual(props, ['engine=scan', 'target=http://127.0.0.1:4010', 'stats.requests=312', 'stats.operations=9']);
});

test('junit: hostile strings stay data (escaping, control characters, ]]>)', () => {
  const hostile = `]]><x a="1">&amp;</x>'"\u0000\u0001\u0008\u000b\u001b\ud800\ufffe<!--`;
  const xml = renderJunit(fixtureReport({ text: hostile, file: `src/${hostile}.ts` }));
  const doc = parse(xml);
  assert.equal(all(doc, 'x').length, 0, 'no injected element');
  const failure = all(doc, 'failure').find((f) => f.getAttribute('message')?.startsWith('Parameter id'))!;
  const msg = failure.getAttribute('message')!;
  assert.ok(msg.includes(']]><x a="1">&amp;</x>\'"'), msg);
  assert.ok(msg.includes('\\u0000\\u0001\\u0008\\u000b\\u001b\\ud800\\ufffe'), msg);
  assert.ok((failure.textContent ?? '').includes('SQLite error after a single quote]]><x a="1">&amp;</x>'));
  // line breaks in attributes survive parsing
  assert.equal(new DOMParser().parseFromString(`<a b="${xmlEscape('1\n2\t3').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;')}"/>`, 'text/xml').documentElement!.getAttribute('b'), '1\n2\t3');
});

test('junit: xmlEscape keeps valid surrogate pairs and escapes the rest', () => {
  assert.equal(xmlEscape('😀 <a & "b">'), '😀 &lt;a &amp; &quot;b&quot;&gt;');
  assert.equal(xmlEscape('\ud83d'), '\\ud83d');
  assert.equal(xmlEscape('\u0007x\ty\n'), '\\u0007x\ty\n');
});
