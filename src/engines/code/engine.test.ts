import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, skipReason } from './engine.js';
import checks from './checks/index.js';
import type { SpecOperation } from './define.js';
import type { Finding } from '../../core/finding.js';

const app = `const express = require('express');
const app = express();
app.get('/users/:id', requireAuth, (req, res) => res.json({}));
app.get('/debug/env', requireAuth, (req, res) => res.json(process.env));
module.exports = app;
`;

test('spec comparison: shadow routes and stale operations (code/shadow-route, code/stale-spec-operation)', async () => {
  const spec: SpecOperation[] = [
    { method: 'get', path: '/users/{userId}', basePaths: [], file: 'openapi.yaml', line: 5, pointer: '/paths/~1users~1{userId}/get' },
    { method: 'delete', path: '/v1/legacy', basePaths: [], file: 'openapi.yaml', line: 12, pointer: '/paths/~1v1~1legacy/delete' },
  ];
  const res = await analyse([{ path: 'app.js', text: app }], { checks, specOperations: spec });
  const got = res.findings.filter((f) => f.domain === 'inventory').map((f) => `${f.checkId} ${f.location.kind === 'file' ? `${f.location.file}:${f.location.startLine}` : ''}`);
  assert.deepEqual(got.sort(), ['code/shadow-route app.js:4', 'code/stale-spec-operation openapi.yaml:12']);
  // without a spec, neither rule reports
  const plain = await analyse([{ path: 'app.js', text: app }], { checks });
  assert.equal(plain.findings.filter((f) => f.domain === 'inventory').length, 0);
});

test('server base paths of the spec are honoured', async () => {
  const spec: SpecOperation[] = [{ method: 'GET', path: '/users/{id}', basePaths: ['/api'], file: 'o.yaml', pointer: '' }];
  const res = await analyse([{ path: 'a.js', text: "const app = require('express')();\napp.get('/api/users/:id', auth, (req, res) => res.end());\n" }], { checks, specOperations: spec });
  assert.deepEqual(res.findings.filter((f) => f.domain === 'inventory'), []);
});

test('minified, oversized and unparsable files are skipped with a note, never a crash', async () => {
  const minified = `${'var a=1;'.repeat(200)}\n`;
  const res = await analyse(
    [
      { path: 'bundle.min.js', text: minified },
      { path: 'big.js', text: `// ${'x'.repeat(300)}\n`.repeat(10) },
      { path: 'broken.py', text: 'def f(:\n  return\n' },
      { path: 'broken.ts', text: 'const = ;\n' },
      { path: 'ok.py', text: 'x = 1\n' },
      { path: 'README.md', text: '# not code' },
    ],
    { checks, maxFileBytes: 2000 },
  );
  const notes = res.notifications.map((n) => `${n.level} ${n.subject}`).sort();
  assert.deepEqual(notes, ['note big.js', 'note broken.py', 'note broken.ts', 'note bundle.min.js']);
  assert.match(res.notifications.find((n) => n.subject === 'bundle.min.js')!.message, /minified/);
  assert.match(res.notifications.find((n) => n.subject === 'broken.py')!.message, /broken\.py:1 skipped: syntax error/);
  assert.equal(res.stats.files, 1);
  assert.equal(skipReason('short', 10), undefined);
});

test('a file nested too deeply to analyse is skipped with a warning that says so; 4,000 nested terms are analysed', async () => {
  const route = (n: number) => `const app = require('express')();\napp.get('/a', (req, res) => { const s = req.query.x\n${'  + "a"\n'.repeat(n)}; res.send(s); });\n`;
  const res = await analyse(
    [
      { path: 'deep.js', text: route(20_000) },
      { path: 'long.js', text: route(4_000) },
    ],
    { checks },
  );
  assert.deepEqual(
    res.notifications.map((n) => `${n.level} ${n.message}`),
    ['warning deep.js skipped: its code nests too deeply to analyse'],
  );
  assert.deepEqual(res.findings.filter((f) => f.checkId === 'code/xss').map((f) => (f.location as { file: string }).file), ['long.js']);
});

test('taint findings carry the dataflow trace from source to sink', async () => {
  const text = `const express = require('express');
const app = express();
app.use(helmet());
function q(name) {
  return db.query("SELECT * FROM t WHERE n = '" + name + "'");
}
app.get('/x', auth, (req, res) => {
  const name = req.query.name;
  q(name);
});
`;
  const res = await analyse([{ path: 'a.js', text }], { checks });
  const f = res.findings.find((x) => x.checkId === 'code/sql-injection');
  assert.ok(f, JSON.stringify(res.findings.map((x) => x.checkId)));
  assert.deepEqual(f.evidence?.trace?.map((s) => [s.kind, s.line]), [['source', 8], ['step', 8], ['step', 9], ['sink', 5]]);
  assert.equal(f.evidence?.trace?.[0]?.message, 'req.query.name');
  assert.equal(f.location.kind === 'file' && f.location.startLine, 5);
});

test('a function with a parameter named req is not a source unless it is a route', async () => {
  const text = 'function handler(req, res) {\n  db.query("SELECT " + req.query.x);\n}\nmodule.exports = handler;\n';
  const res = await analyse([{ path: 'h.js', text }], { checks });
  assert.deepEqual(res.findings.map((f) => f.checkId), []);
});

test('the same flaw copied into two handlers is two findings with distinct fingerprints', async () => {
  const handler = (path: string): string => `app.get('${path}', requireAuth, (req, res) => {
  db.query("SELECT * FROM t WHERE n = '" + req.query.name + "'");
  res.end();
});
`;
  const text = `const express = require('express');\nconst app = express();\napp.use(helmet());\n${handler('/a')}${handler('/b')}`;
  const sqli = (r: { findings: readonly Finding[] }) =>
    r.findings.filter((f) => f.checkId === 'code/sql-injection').map((f) => ({ line: f.location.kind === 'file' ? f.location.startLine : 0, fp: f.fingerprint }));
  const got = sqli(await analyse([{ path: 'app.js', text }], { checks }));
  assert.deepEqual(got.map((g) => g.line), [5, 9]);
  assert.notEqual(got[0]!.fp, got[1]!.fp);
  // the first copy keeps the fingerprint it had alone, and lines moving keep both fingerprints
  const alone = sqli(await analyse([{ path: 'app.js', text: `const express = require('express');\nconst app = express();\napp.use(helmet());\n${handler('/a')}` }], { checks }));
  assert.equal(alone[0]!.fp, got[0]!.fp);
  const shifted = sqli(await analyse([{ path: 'app.js', text: `// header\n\n${text}` }], { checks }));
  assert.deepEqual(shifted.map((g) => g.fp), got.map((g) => g.fp));
});
