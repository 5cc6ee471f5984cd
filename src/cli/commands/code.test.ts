import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
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

test('rampart code: symlinks back up the tree and to themselves are walked once or noted, not followed without end', async () => {
  const dir = project();
  // A link to the tree's parent, a link to the tree itself, a link to a sibling directory and a
  // link to itself. The first two made `rampart code src` recurse until its path was too long
  // (internal error, exit 3).
  symlinkSync('..', join(dir, 'src', 'up'));
  symlinkSync(join(dir, 'src'), join(dir, 'src', 'self'));
  mkdirSync(join(dir, 'lib'));
  writeFileSync(join(dir, 'lib', 'util.js'), 'module.exports = (x) => x;\n');
  symlinkSync(join(dir, 'lib'), join(dir, 'src', 'lib'));
  symlinkSync('loop.js', join(dir, 'src', 'loop.js'));
  const r = await runCli(['code', 'src', '--format', 'json', '--quiet'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  const run = (JSON.parse(r.stdout) as Report).runs[0]!;
  // Each file once: app.js, and util.js through the link (the tree above is reached through `up`).
  assert.equal(run.findings.filter((f) => f.checkId === 'code/sql-injection').length, 1);
  assert.deepEqual(
    run.notifications.filter((n) => n.code === 'file-unreadable').map((n) => n.message),
    ['loop.js could not be read: ELOOP'],
  );
});
