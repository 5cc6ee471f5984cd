// The injection checks through the real scan engine (surface -> example request -> undici client with
// scope guard -> findings), proving the adapter from the scan check interface to the injection units.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import hostHeaderInjection from '../../src/engines/scan/checks/host-header-injection.js';
import sqlInjection from '../../src/engines/scan/checks/sql-injection.js';
import type { Operation } from '../../src/surface/model.js';
import { op, runCheckAgainst, surfaceOf } from '../harness/scan.js';
import { openDb, type Db } from './databases.js';
import { App } from './http.js';
import { addMiscRoutes } from './misc-fixture.js';
import { addSqlRoutes } from './sql-fixture.js';

function withPathExample(o: Operation, value: unknown): Operation {
  return { ...o, parameters: o.parameters.map((p) => (p.in === 'path' ? { ...p, example: value, schema: { type: 'integer' } } : p)) };
}

describe('injection checks through the scan engine', { concurrency: 1 }, () => {
  const app = new App();
  let db: Db;
  let url = '';
  before(async () => {
    db = await openDb('sqlite');
    addSqlRoutes(app, db, ['boolean', 'error', 'secure']);
    addMiscRoutes(app, { smtpPort: 9, strictSmtpPort: 9 });
    url = await app.listen();
  });
  after(async () => {
    await app.close();
    await db.close();
  });

  test('scan/sql-injection: boolean-based in a path parameter, one finding with evidence', async () => {
    const surface = surfaceOf([withPathExample(op('GET', '/sql/sqlite/boolean/path/{id}'), 3)]);
    const r = await runCheckAgainst(sqlInjection, url, surface, { options: { delaySeconds: 1 } });
    assert.equal(r.findings.length, 1, JSON.stringify(r.notifications));
    const f = r.findings[0]!;
    assert.equal(f.checkId, 'scan/sql-injection');
    assert.deepEqual(f.location.kind === 'http' ? f.location.parameter : undefined, { in: 'path', name: 'id' });
    assert.equal(f.evidence?.data?.['dbms'], 'SQLite');
    assert.ok((f.evidence?.exchanges?.length ?? 0) >= 3, 'probe, probe and control');
    assert.match(f.title, /SQL injection in path parameter "id" \(SQLite\)/);
  });

  test('scan/sql-injection: error-based in a nested JSON field; the fixed twin is silent', async () => {
    const body = { type: 'object', properties: { filter: { type: 'object', properties: { categories: { type: 'array', items: { type: 'string', example: 'books' } } } } } };
    const bad = await runCheckAgainst(sqlInjection, url, surfaceOf([op('POST', '/sql/sqlite/error/json', { body })]), { options: { delaySeconds: 1 } });
    assert.equal(bad.findings.length, 1, JSON.stringify(bad.notifications));
    assert.equal(bad.findings[0]!.location.kind === 'http' ? bad.findings[0]!.location.parameter?.name : '', 'filter.categories[0]');
    const good = await runCheckAgainst(sqlInjection, url, surfaceOf([op('POST', '/sql/sqlite/secure/json', { body })]), { options: { delaySeconds: 1 } });
    assert.deepEqual(good.findings, []);
  });

  test('scan/host-header-injection: a forwarded host reaches the Location of a redirect', async () => {
    const bad = await runCheckAgainst(hostHeaderInjection, url, surfaceOf([op('GET', '/host/vuln/login')]));
    assert.equal(bad.findings.length, 1, JSON.stringify(bad.notifications));
    const good = await runCheckAgainst(hostHeaderInjection, url, surfaceOf([op('GET', '/host/secure/login')]));
    assert.deepEqual(good.findings, []);
  });

  test('scan/host-header-injection: the Host header itself, sent through the HTTP client', async () => {
    const r = await runCheckAgainst(hostHeaderInjection, url, surfaceOf([op('GET', '/host/hostonly/login')]));
    assert.equal(r.findings.length, 1, JSON.stringify(r.notifications));
    assert.equal(r.findings[0]!.location.kind === 'http' ? r.findings[0]!.location.parameter?.name : '', 'Host');
  });

  test('injection checks send no DELETE probes without --allow-destructive', async () => {
    const before = app.requests;
    const r = await runCheckAgainst(sqlInjection, url, surfaceOf([withPathExample(op('DELETE', '/sql/sqlite/boolean/path/{id}'), 3)]));
    assert.deepEqual(r.findings, []);
    assert.equal(app.requests - before, 0);
  });
});
