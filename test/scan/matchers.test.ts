// The pure matchers of the core scan checks, both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpResponse } from '../../src/http/types.js';
import { findErrorSignature, findSensitive, isCardNumber, isUsSsn, internalAddressIn, luhnValid } from '../../src/engines/scan/evaluate.js';
import corsCheck, { corsVerdict, probeOrigins } from '../../src/engines/scan/checks/cors-misconfiguration.js';
import { preflightPermissive } from '../../src/engines/scan/checks/cors-preflight-permissive.js';
import { headerProblems } from '../../src/engines/scan/checks/security-headers-missing.js';
import { jsonTypeProblem } from '../../src/engines/scan/checks/json-content-type-mismatch.js';
import { versionBanners } from '../../src/engines/scan/checks/version-banner.js';
import { traceEchoes } from '../../src/engines/scan/checks/trace-enabled.js';
import { entityExpanded, xmlProbe } from '../../src/engines/scan/checks/xml-entity-expansion.js';
import { undeclaredFields } from '../../src/engines/scan/checks/undeclared-response-fields.js';
import { personalFieldsOf } from '../../src/engines/scan/checks/other-users-data.js';
import { SENSITIVE_PATHS, provesExposure } from '../../src/engines/scan/checks/exposed-sensitive-path.js';
import { isCacheableSensitive } from '../../src/engines/scan/checks/sensitive-response-cacheable.js';
import { judge } from '../../src/engines/scan/checks/unsafe-input-handling.js';
import { op, runCheckAgainst, startServer, surfaceOf } from '../harness/scan.js';

const res = (p: Partial<HttpResponse>): HttpResponse => ({ status: 200, headers: {}, body: '', size: 10, truncated: false, timeMs: 5, url: 'http://x/', redirects: [], request: { method: 'GET', url: 'http://x/', headers: {} }, ...p });

test('sensitive values: Luhn cards, SSNs, hashes, keys, internal addresses; masked values and plain numbers are not', () => {
  assert.ok(luhnValid('4111111111111111'));
  assert.ok(isCardNumber('4111 1111 1111 1111'));
  assert.ok(!isCardNumber('4111 1111 1111 1112'));
  assert.ok(!isCardNumber('1234567890123456'));
  assert.ok(isUsSsn('123-45-6789'));
  assert.ok(!isUsSsn('000-45-6789'));
  assert.equal(internalAddressIn('http://10.1.2.3:8080/x'), '10.1.2.3:8080');
  assert.equal(internalAddressIn('db.internal'), 'db.internal');
  assert.equal(internalAddressIn('https://example.com'), undefined);
  const hits = findSensitive({
    user: { password_hash: '$2b$10$abcdefghijklmnopqrstuuSWbW0zqCNQhxlqL1KJZbUvYEgXgX0Wq', password: '********', api_key: 'live-key-123456' },
    key: '-----BEGIN RSA PRIVATE KEY-----\nabc',
    id: 4111111111111111,
    aws: 'AKIAABCDEFGHIJKLMNOP',
  });
  assert.deepEqual(hits.map((h) => h.kind).sort(), ['cloud-key', 'password-hash', 'private-key', 'secret']);
  assert.deepEqual(findSensitive({ name: 'alice', count: 3, email: 'a@example.com' }), []);
});

test('error signatures: stack traces, SQL errors, debug pages; plain errors are not', () => {
  assert.equal(findErrorSignature('TypeError: x is not a function\n    at handler (/app/src/routes/items.js:14:22)')?.name, 'Node.js stack trace');
  assert.equal(findErrorSignature('Traceback (most recent call last):\n  File "app.py"')?.name, 'Python traceback');
  assert.equal(findErrorSignature('SQLSTATE[42000]: Syntax error')?.name, 'SQL error');
  assert.equal(findErrorSignature('{"error":"invalid JSON","requestId":"abc"}'), undefined);
});

test('CORS matchers', () => {
  assert.deepEqual(corsVerdict(res({ headers: { 'access-control-allow-origin': 'https://e.example', 'access-control-allow-credentials': 'true' } }), 'https://e.example'), { allowed: true, credentials: true, wildcard: false });
  assert.equal(corsVerdict(res({ headers: { 'access-control-allow-origin': 'https://app.example.com' } }), 'https://e.example').allowed, false);
  const o = probeOrigins('http://api.shop.test:8080', 'n1');
  assert.deepEqual(o.map((x) => x.kind), ['arbitrary', 'prefix', 'suffix', 'subdomain']);
  assert.equal(o[2]!.origin, 'http://n1api.shop.test');
  const pf = res({ status: 204, headers: { 'access-control-allow-origin': 'https://o', 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'PROPFIND', 'access-control-allow-headers': 'X-R' } });
  assert.ok(preflightPermissive(pf, 'https://o', 'PROPFIND', 'X-R'));
  assert.ok(!preflightPermissive({ ...pf, headers: { ...pf.headers, 'access-control-allow-methods': 'GET, POST' } }, 'https://o', 'PROPFIND', 'X-R'));
});

test('scan/cors-misconfiguration: null origin and suffix-match bypass fire; an exact allow-list does not', async (t) => {
  const loose = await startServer((req, res2) => {
    const origin = String(req.headers.origin ?? '');
    if (origin === 'null' || /127\.0\.0\.1$/.test(origin)) {
      res2.setHeader('access-control-allow-origin', origin);
      res2.setHeader('access-control-allow-credentials', 'true');
    }
    res2.end('{}');
  });
  const strict = await startServer((req, res2) => {
    if (req.headers.origin === 'https://app.example.com') res2.setHeader('access-control-allow-origin', 'https://app.example.com');
    res2.end('{}');
  });
  t.after(async () => {
    await loose.close();
    await strict.close();
  });
  const surface = surfaceOf([op('GET', '/things')]);
  const bad = await runCheckAgainst(corsCheck, loose.url, surface);
  const messages = bad.findings.map((f) => f.message).join('\n');
  assert.match(messages, /`null` origin/);
  assert.match(messages, /suffix match/);
  assert.match(messages, /subdomain/);
  assert.deepEqual((await runCheckAgainst(corsCheck, strict.url, surface)).findings, []);
});

test('headers, content types, banners, TRACE, XML entities', () => {
  assert.deepEqual(headerProblems(res({ url: 'https://x/', headers: { 'x-content-type-options': 'nosniff' } })), ['hsts']);
  assert.deepEqual(headerProblems(res({ headers: { 'content-type': 'text/html', 'x-content-type-options': 'nosniff' } })), ['csp', 'framing']);
  assert.deepEqual(headerProblems(res({ headers: { 'content-type': 'text/html', 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'self'; frame-ancestors 'none'" } })), []);
  assert.deepEqual(headerProblems(res({ status: 404 })), []);
  assert.equal(jsonTypeProblem(res({ body: '{"a":1}', headers: { 'content-type': 'text/html' } })), 'text/html');
  assert.equal(jsonTypeProblem(res({ body: '{"a":1}', headers: { 'content-type': 'application/problem+json' } })), undefined);
  assert.deepEqual(versionBanners(res({ headers: { server: 'nginx/1.18.0', 'x-powered-by': 'Express' } })), [{ header: 'server', value: 'nginx/1.18.0' }]);
  assert.ok(traceEchoes(res({ body: 'TRACE / HTTP/1.1\r\nx-rampart-trace: abc' }), 'X-Rampart-Trace', 'abc'));
  assert.ok(!traceEchoes(res({ body: '{"ok":true}' }), 'X-Rampart-Trace', 'abc'));
  const probe = xmlProbe({ name: 'a', count: 1 }, 'rmpx1');
  assert.match(probe, /<!ENTITY rampart "rmpx1">/);
  assert.ok(entityExpanded(res({ body: '{"name":"rmpx1"}' }), 'rmpx1'));
  assert.ok(!entityExpanded(res({ body: probe }), 'rmpx1'), 'an echo of the probe is not expansion');
});

test('data exposure matchers: undeclared fields, other users, caching', () => {
  const schema = { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } };
  assert.deepEqual(undeclaredFields({ id: 1, name: 'a', secret: 'x' }, schema), ['$.secret']);
  assert.deepEqual(undeclaredFields({ id: 1, name: 'a' }, schema), []);
  assert.deepEqual(undeclaredFields({ status: 'ok', data: {} }, schema), [], 'a different shape is not judged');
  assert.deepEqual(undeclaredFields({ id: 1, name: 'a', x: 1 }, { ...schema, additionalProperties: true }), []);
  assert.deepEqual(personalFieldsOf([{ username: 'alice', email: 'a@x' }, { username: 'bob', email: 'b@x', phone: '1' }], 'bob'), ['email', 'phone']);
  assert.deepEqual(personalFieldsOf([{ username: 'alice', email: 'a@x' }], 'bob'), []);
  assert.ok(isCacheableSensitive(res({ body: '{"email":"a@x"}' })));
  assert.ok(!isCacheableSensitive(res({ body: '{"email":"a@x"}', headers: { 'cache-control': 'private, no-store' } })));
});

test('sensitive paths need proof in the content, not a 200', () => {
  const env = SENSITIVE_PATHS.find((p) => p.path === '/.env')!;
  assert.ok(provesExposure(env, res({ body: 'DB_URL=postgres://x\nSECRET=y\n' })));
  assert.ok(!provesExposure(env, res({ body: '<html>DB_URL=1\nA=2</html>' })));
  assert.ok(!provesExposure(env, res({ body: 'A=1\nB=2\n' }), res({ body: 'A=1\nB=2\n' })), 'same as a random path');
  const metrics = SENSITIVE_PATHS.find((p) => p.path === '/metrics')!;
  assert.ok(!provesExposure(metrics, res({ body: '{"status":"ok"}' })));
});

test('input handling verdicts', () => {
  const base = res({ timeMs: 10 });
  assert.equal(judge(res({ status: 500 }), base)?.kind, 'serverError');
  assert.equal(judge(res({ status: 503 }), base), undefined);
  assert.equal(judge(res({ status: 0, error: { code: 'connection-reset', message: 'reset' } }), base)?.kind, 'dropped');
  assert.equal(judge(res({ status: 400, timeMs: 2500 }), base)?.kind, 'slow');
  assert.equal(judge(res({ status: 400, timeMs: 60 }), base), undefined);
  assert.equal(judge(res({ status: 400, body: 'Error\n    at f (/app/x.js:1:2)' }), base)?.kind, 'stackTrace');
});
