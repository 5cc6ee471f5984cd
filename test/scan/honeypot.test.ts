// A honeypot answers every request with the same plausible 200: no registered scan check may report
// anything against it (checks added later are covered automatically).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import checks from '../../src/engines/scan/checks/index.js';
import { op, runChecksAgainst, surfaceOf } from '../harness/scan.js';
import { startHoneypot } from '../fixtures-servers/honeypot.js';

test('no scan check reports anything against the honeypot', async (t) => {
  const hp = await startHoneypot();
  t.after(() => hp.close());
  const surface = surfaceOf([
    op('GET', '/api/users', { query: ['q', { name: 'limit', in: 'query', required: false, schema: { type: 'integer' } }], responses: { '200': { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } } } } }),
    op('GET', '/api/users/{id}', { responses: { '200': { type: 'object', properties: { id: { type: 'integer' }, email: { type: 'string' } } } } }),
    op('POST', '/api/items', { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, url: { type: 'string' }, count: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } } } }),
    op('PUT', '/api/items/{id}', { body: { type: 'object', properties: { name: { type: 'string' }, role: { type: 'string' } } } }),
    op('GET', '/api/files', { query: ['path', 'file', 'host', 'cmd'] }),
    op('POST', '/api/auth/login', { body: { type: 'object', properties: { username: { type: 'string' }, password: { type: 'string' } } } }),
    op('DELETE', '/api/items/{id}'),
  ]);
  const { findings, notifications } = await runChecksAgainst(checks, hp.url, surface, {
    identities: {
      alice: { type: 'bearer', token: 'honeypot-alice-token', username: 'alice' },
      bob: { type: 'bearer', token: 'honeypot-bob-token', username: 'bob' },
      admin: { type: 'bearer', token: 'honeypot-admin-token', username: 'admin', role: 'admin' },
    },
  });
  assert.deepEqual(
    findings.map((f) => `${f.checkId}: ${f.message}`),
    [],
  );
  assert.deepEqual(notifications.filter((n) => n.code === 'check-failed').map((n) => n.message), []);
});
