import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineScanCheck } from '../../src/engines/scan/define.js';
import { planScan } from '../../src/engines/scan/engine.js';
import { op, runCheckAgainst, startServer, surfaceOf } from '../harness/scan.js';

const probe = defineScanCheck({
  meta: {
    id: 'scan/test-probe',
    title: 'test probe',
    severity: 'low',
    confidence: 'high',
    domain: 'misconfiguration',
    owasp: [],
    cwe: ['CWE-16'],
    description: 'd',
    remediation: 'r',
    references: ['https://example.com'],
    messages: { hit: '{path} answered {status}' },
  },
  scope: 'operation',
  plan: () => ({ requests: 1, writes: false }),
  async run(o, ctx, report) {
    const base = await ctx.baseline(o);
    const res = await ctx.send(ctx.request(o));
    if (base && res.status === 200 && res.body.includes('secret')) report({ messageId: 'hit', data: { path: o.path, status: res.status }, exchanges: [{ response: res, label: 'probe' }] });
  },
});

test('engine: producer ids fill consumer path parameters, identities attach credentials, findings carry spec location', async (t) => {
  const auths: string[] = [];
  const srv = await startServer((req, res) => {
    auths.push(String(req.headers.authorization ?? ''));
    res.setHeader('content-type', 'application/json');
    if (req.url === '/users') return res.end(JSON.stringify([{ id: 'u-42', name: 'x' }]));
    if (req.url === '/users/u-42') return res.end(JSON.stringify({ id: 'u-42', note: 'secret' }));
    res.statusCode = 404;
    res.end('{}');
  });
  t.after(() => srv.close());
  const surface = surfaceOf([op('GET', '/users/{id}', { source: { file: 'api.yaml', pointer: '/paths/~1users~1{id}/get', line: 12 } }), op('GET', '/users')]);
  const { findings } = await runCheckAgainst(probe, srv.url, surface, { identities: { alice: { type: 'bearer', token: 'tok-alice-123456' } } });
  assert.equal(findings.length, 1);
  const loc = findings[0]!.location;
  assert.equal(loc.kind, 'http');
  if (loc.kind === 'http') {
    assert.equal(loc.path, '/users/{id}');
    assert.equal(loc.spec?.line, 12);
  }
  assert.ok(srv.seen.includes('GET /users/u-42'));
  assert.ok(auths.every((a) => a === 'Bearer tok-alice-123456'));
  const ev = JSON.stringify(findings[0]!.evidence);
  assert.ok(!ev.includes('tok-alice-123456'), 'credential masked in evidence');
});

test('plan counts requests without sending', () => {
  const surface = surfaceOf([op('GET', '/a'), op('POST', '/b', { body: { type: 'object' } }), op('DELETE', '/c/{id}')]);
  const plan = planScan('http://127.0.0.1:1', surface, [probe]);
  assert.equal(plan.operations.length, 3);
  assert.equal(plan.totalRequests, 2 + 3);
  assert.equal(plan.operations.find((r) => r.operation === 'DELETE /c/{id}')!.baseline, false);
});
