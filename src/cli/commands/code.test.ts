import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../test/harness/cli.js';
import type { Report } from '../../core/report.js';

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-code-cli-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'app.js'), `const express = require('express');
const helmet = require('helmet');
const app = express();
app.use(helmet());
app.get('/items', requireAuth, async (req, res) => {
  res.json(await db.query("SELECT * FROM items WHERE name = '" + req.query.name + "'"));
});
app.get('/hidden', requireAuth, (req, res) => res.json({}));
module.exports = app;
`);
  writeFileSync(join(dir, 'openapi.yaml'), `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /items:
    get:
      responses: { '200': { description: ok } }
  /gone:
    get:
      responses: { '200': { description: ok } }
`);
  return dir;
}

test('rampart code: JSON findings with a trace, exit 1 on a high finding', async () => {
  const dir = project();
  const r = await runCli(['code', 'src', '--format', 'json', '--quiet'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  const run = report.runs[0]!;
  assert.equal(run.engine, 'code');
  const sql = run.findings.find((f) => f.checkId === 'code/sql-injection');
  assert.ok(sql);
  assert.equal(sql.evidence?.trace?.[0]?.kind, 'source');
  assert.ok(Array.isArray((run.extras as { routes: unknown[] }).routes));
});

test('rampart code --explain prints the dataflow trace', async () => {
  const dir = project();
  const r = await runCli(['code', 'src', '--explain', '--quiet', '--fail-on', 'none'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /code\/sql-injection at app\.js:6\n {2}1\. \[source\] app\.js:6 {2}req\.query\.name/);
});

test('rampart code --routes --spec: inventory, shadow routes and stale operations', async () => {
  const dir = project();
  const r = await runCli(['code', 'src', '--routes', '--spec', 'openapi.yaml', '--quiet'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^METHOD\s+PATH\s+LOCATION\s+AUTHENTICATION/);
  assert.match(r.stdout, /GET\s+\/items\s+app\.js:5\s+requireAuth/);
  assert.match(r.stdout, /Shadow routes .*: 1\n {2}GET \/hidden/);
  assert.match(r.stdout, /Stale operations .*: 1\n {2}GET \/gone/);
});

test('rampart code: a missing directory exits 2 with one line', async () => {
  const dir = project();
  const r = await runCli(['code', 'nope'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no such file or directory: nope/);
});
