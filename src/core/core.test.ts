import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { fingerprint, locationKey } from './fingerprint.js';
import { applyInlineIgnores, applySuppressions, globToRegExp, parseInlineIgnore } from './baseline.js';
import { formatMessage } from './check.js';
import { createFinding, findingMaker } from './create.js';
import type { FindingInput } from './create.js';
import { maskSecret, redactHeaders, redactText } from './mask.js';
import { ToolError, exitCodeFor } from './errors.js';
import { parseSourceDocument } from './yaml-source.js';
import { testFinding } from '../../test/harness/report-fixtures.js';

test('fingerprints survive line shifts and reformatting, and differ by place and check', () => {
  const a = fingerprint('code/sql-injection', { kind: 'file', file: 'a.js', startLine: 10, snippet: 'db.query("x" + id)' });
  const moved = fingerprint('code/sql-injection', { kind: 'file', file: 'a.js', startLine: 42, snippet: '   db.query("x"  + id)' });
  assert.equal(a, moved);
  assert.notEqual(a, fingerprint('code/sql-injection', { kind: 'file', file: 'b.js', startLine: 10, snippet: 'db.query("x" + id)' }));
  assert.notEqual(a, fingerprint('code/command-injection', { kind: 'file', file: 'a.js', startLine: 10, snippet: 'db.query("x" + id)' }));
  const h1 = fingerprint('scan/x', { kind: 'http', method: 'get', path: '/u/{id}', url: 'http://127.0.0.1:1234/u/1' });
  const h2 = fingerprint('scan/x', { kind: 'http', method: 'GET', path: '/u/{id}', url: 'http://127.0.0.1:9999/u/2' });
  assert.equal(h1, h2, 'host, port and concrete id do not matter');
  assert.equal(fingerprint('x/y', { kind: 'spec', file: 's.yaml', pointer: '/a', line: 3 }), fingerprint('x/y', { kind: 'spec', file: 's.yaml', pointer: '/a', line: 9 }));
});

test('a spec fingerprint hashes check id, location key and key (its own fast path gives the same text)', () => {
  const loc = { kind: 'spec', file: 'api.yaml', pointer: '/paths/~1u/get', line: 4 } as const;
  const expected = (key: string) => createHash('sha256').update(`spec/x\n${locationKey(loc)}\n${key}`).digest('hex').slice(0, 32);
  assert.equal(fingerprint('spec/x', loc), expected(''));
  assert.equal(fingerprint('spec/x', loc, 'id'), expected('id'));
  // The start of the text is kept for the last check and file: switching either gives a new one.
  const other = { ...loc, file: 'other.yaml' };
  const want = (id: string, l: typeof loc | typeof other, key: string) => createHash('sha256').update(`${id}\n${locationKey(l)}\n${key}`).digest('hex').slice(0, 32);
  for (const [id, l, key] of [['spec/x', loc, ''], ['spec/x', other, ''], ['spec/y', other, 'k'], ['spec/y', loc, ''], ['spec/x', loc, 'id']] as const) {
    assert.equal(fingerprint(id, l, key), want(id, l, key), `${id} ${l.file} ${key}`);
  }
});

test('findingMaker builds the findings createFinding builds, field for field and in the same order', () => {
  const checkMeta = {
    id: 'spec/test-check',
    title: 'A test check',
    severity: 'medium',
    confidence: 'high',
    domain: 'misconfiguration',
    owasp: ['API8:2023'],
    cwe: ['CWE-1'],
    description: 'd',
    remediation: 'r',
    references: [],
    messages: { one: 'At {op}: {what}.', none: 'Nothing to fill.' },
  } as const;
  const loc = { kind: 'spec', file: 'a.yaml', pointer: '/paths/~1u/get', line: 3, column: 5 } as const;
  const cases = [
    { messageId: 'one', data: { op: 'GET /u', what: 1 }, location: loc },
    { messageId: 'one', data: { op: 'GET /u' }, location: loc, key: 'k', severity: 'low', confidence: 'low', evidence: { summary: 's', data: { n: 1 } } },
    { messageId: 'none', location: { ...loc, pointer: '/a' } },
  ] as const;
  for (const override of [undefined, 'critical'] as const) {
    const make = findingMaker(checkMeta, override);
    for (const c of cases) {
      const input = c as FindingInput;
      const made = make(input.messageId, input.data, input.location, input.evidence, input.severity, input.confidence, input.key);
      const want = createFinding(checkMeta, input, override);
      assert.deepStrictEqual(made, want);
      assert.deepEqual(Object.keys(made), Object.keys(want));
    }
    assert.throws(() => make('missing', undefined, loc, undefined, undefined, undefined, undefined), /unknown messageId "missing"/);
  }
});

test('suppressions match by check, fingerprint and path glob; expired ones are returned', () => {
  const f1 = testFinding({ kind: 'file', file: 'src/legacy/a.js', startLine: 1 });
  const f2 = testFinding({ kind: 'file', file: 'src/new/b.js', startLine: 1 });
  const res = applySuppressions([f1, f2], [{ check: '*', path: 'src/legacy/**', reason: 'old code' }, { check: 'code/test-check', path: 'src/new/*.js', reason: 'x', expires: '2020-01-01' }], '2026-01-01');
  assert.equal(res.findings[0]!.suppression?.reason, 'old code');
  assert.equal(res.findings[1]!.suppression, undefined);
  assert.equal(res.expired.length, 1);
  assert.ok(globToRegExp('**/*.ts').test('a/b/c.ts'));
  assert.ok(!globToRegExp('*.ts').test('a/c.ts'));
});

test('inline rampart-ignore comments need a reason and apply to the line or the one above', () => {
  assert.deepEqual(parseInlineIgnore('// rampart-ignore: code/test-check reviewed in PR 7'), { check: 'code/test-check', reason: 'reviewed in PR 7' });
  assert.deepEqual(parseInlineIgnore('x = 1 # rampart-ignore: test-check fine'), { check: 'test-check', reason: 'fine' });
  const lines: Record<number, string> = {
    1: '// rampart-ignore: code/test-check reviewed',
    2: 'query(a)',
    3: 'query(b) // rampart-ignore: code/test-check',
    4: 'query(c)',
  };
  const fs = [2, 3, 4].map((n) => testFinding({ kind: 'file', file: 'a.js', startLine: n }));
  const out = applyInlineIgnores(fs, (_f, n) => lines[n]);
  assert.ok(out[0]!.suppression, 'comment above');
  assert.equal(out[1]!.suppression, undefined, 'no reason, no suppression');
  assert.equal(out[2]!.suppression, undefined);
});

test('messages, masks and redaction', () => {
  assert.equal(formatMessage('Origin {origin} reflected ({n})', { origin: 'evil', n: 2 }), 'Origin evil reflected (2)');
  assert.equal(formatMessage('keep {unknown}', {}), 'keep {unknown}');
  const secret = 'sk_live_abcdefghijklmnopqrstuvwx';
  assert.ok(!maskSecret(secret).includes('mnop'));
  assert.match(maskSecret(secret), /^sk_liv…\(32 chars\)$/);
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlc2lnbmF0dXJl';
  assert.ok(!redactText(`Authorization: Bearer ${jwt}`).includes('c2lnbmF0'));
  assert.ok(!JSON.stringify(redactHeaders({ Cookie: 'sid=abcdefghijklmnop', 'X-Api-Key': 'abcdefghijklmnop' })).includes('ijklmnop'));
});

test('errors map to exit codes and YAML errors carry positions', () => {
  assert.equal(exitCodeFor(new ToolError('E_SPEC_PARSE', 'x')), 2);
  assert.equal(exitCodeFor(new ToolError('E_TARGET_UNREACHABLE', 'x')), 3);
  assert.equal(exitCodeFor(new Error('boom')), 3);
  assert.throws(() => parseSourceDocument('a: [1, 2\nb: 3\n', 'f.yaml'), (e: unknown) => e instanceof ToolError && e.position?.file === 'f.yaml' && typeof e.position.line === 'number');
  const doc = parseSourceDocument('a:\n  b:\n    - x\n    - y: 1\n', 'f.yaml');
  assert.deepEqual(doc.positionOf('/a/b/1/y'), { line: 4, column: 7 });
  assert.deepEqual(doc.positionOf('/a/missing'), { line: 1, column: 1 });
});
