import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sqlInjection from '../../src/engines/scan/checks/sql-injection.js';
import { openDb, type Db, type DbKind } from './databases.js';
import { App } from './http.js';
import { SQL_PLACES, addSqlRoutes, sqlBaseRequest, type SqlPlace } from './sql-fixture.js';
import { runCheck } from './harness.js';

const DBS: DbKind[] = ['sqlite', 'postgres', 'mariadb'];
const EXPECTED_DBMS: Record<DbKind, RegExp> = { sqlite: /SQLite/, postgres: /PostgreSQL/, mariadb: /MariaDB|MySQL/ };
/** Time-based runs cost a few seconds each: cover a spread of places, not all of them. */
const TIME_CASES: [DbKind, SqlPlace][] = [
  ['postgres', 'query'],
  ['postgres', 'json'],
  ['mariadb', 'path'],
  ['mariadb', 'cookie'],
  ['sqlite', 'form'],
];

describe('scan/sql-injection on real databases', { concurrency: 1 }, () => {
  const app = new App();
  const dbs: Db[] = [];
  let url = '';
  before(async () => {
    for (const k of DBS) {
      const db = await openDb(k);
      dbs.push(db);
      addSqlRoutes(app, db);
    }
    url = await app.listen();
  });
  after(async () => {
    await app.close();
    for (const d of dbs) await d.close();
  });

  for (const kind of DBS) {
    for (const place of SQL_PLACES) {
      test(`${kind} ${place}: error-based is found and the DBMS named`, async () => {
        const r = await runCheck(sqlInjection, url, sqlBaseRequest(kind, 'error', place));
        assert.equal(r.findings.length, 1, JSON.stringify(r.notifications));
        const f = r.findings[0]!;
        assert.equal(f.checkId, 'scan/sql-injection');
        assert.equal(f.evidence?.data?.['technique'], 'error-based');
        assert.match(String(f.evidence?.data?.['dbms']), EXPECTED_DBMS[kind]);
        assert.ok(f.location.kind === 'http' && f.location.parameter);
      });
      test(`${kind} ${place}: boolean-based is found`, async () => {
        const r = await runCheck(sqlInjection, url, sqlBaseRequest(kind, 'boolean', place));
        assert.equal(r.findings.length, 1, JSON.stringify(r.notifications));
        assert.equal(r.findings[0]!.evidence?.data?.['technique'], 'boolean-based');
        assert.match(String(r.findings[0]!.evidence?.data?.['dbms']), EXPECTED_DBMS[kind]);
      });
    }
    test(`${kind}: secure twins stay silent in every place`, async () => {
      for (const place of SQL_PLACES) {
        const r = await runCheck(sqlInjection, url, sqlBaseRequest(kind, 'secure', place));
        assert.deepEqual(r.findings, [], `${kind} ${place}`);
      }
    });
  }
  for (const [kind, place] of TIME_CASES) {
    test(`${kind} ${place}: time-based only (identical answers) is found`, async () => {
      const r = await runCheck(sqlInjection, url, sqlBaseRequest(kind, 'time', place), { delayS: 1 });
      assert.equal(r.findings.length, 1, JSON.stringify(r.notifications));
      assert.equal(r.findings[0]!.evidence?.data?.['technique'], 'time-based');
      assert.match(String(r.findings[0]!.evidence?.data?.['dbms']), EXPECTED_DBMS[kind]);
    });
  }
});
