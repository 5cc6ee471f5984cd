import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../harness/cli.js';
import { startServer } from '../harness/scan.js';
import type { TestServer } from '../harness/scan.js';
import { startMisconfiguredApi } from '../fixtures-servers/misconfigured-api.js';
import type { Report } from '../../src/core/report.js';

let api: TestServer;
let elsewhere: TestServer;
let dir: string;

before(async () => {
  api = await startMisconfiguredApi({ secure: false });
  elsewhere = await startServer((_req, res) => res.end('{}'));
  dir = mkdtempSync(join(tmpdir(), 'rampart-scan-cli-'));
  writeFileSync(
    join(dir, 'api.yaml'),
    `openapi: 3.0.3
info: { title: Fixture, version: '1' }
servers:
  - url: ${elsewhere.url}/
paths:
  /api/users/{id}:
    get:
      operationId: getUser
      parameters:
        - { name: id, in: path, required: true, schema: { type: integer }, example: 2 }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: object, properties: { id: { type: integer }, username: { type: string }, email: { type: string }, phone: { type: string } } }
  /api/items:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, required: [name], properties: { name: { type: string } } }
      responses: { '201': { description: created } }
  /api/items/{id}:
    delete:
      parameters: [{ name: id, in: path, required: true, schema: { type: integer } }]
      responses: { '204': { description: gone } }
`,
  );
  writeFileSync(
    join(dir, 'rampart.config.yaml'),
    `scan:
  identities:
    alice:
      type: login
      username: alice
      request: { url: /api/auth/login, body: { username: alice, password: x } }
      token: { pointer: /token }
    bob:
      type: bearer
      token: \${BOB_TOKEN}
      username: bob
`,
  );
});
after(async () => {
  await api.close();
  await elsewhere.close();
});

test('rampart scan --plan prints the request plan and sends nothing', async () => {
  const before = api.seen.length;
  const r = await runCli(['scan', api.url, '--spec', 'api.yaml', '--plan'], { cwd: dir, env: { BOB_TOKEN: 'tok-bob-0002' } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /3 operation\(s\)/);
  assert.match(r.stdout, /W POST \/api\/items/);
  assert.match(r.stdout, /DELETE \/api\/items\/\{id\}.*no baseline/);
  assert.match(r.stdout, /scan\/unsafe-input-handling/);
  assert.equal(api.seen.length, before);
});

test('rampart scan: JSON report, findings point at the spec line, spec servers elsewhere are never contacted, --har-out records', async () => {
  const r = await runCli(['scan', api.url, '--spec', 'api.yaml', '--format', 'json', '--har-out', 'out.har', '--checks', 'sensitive-data-in-response,undeclared-response-fields,verbose-error,unsafe-input-handling'], {
    cwd: dir,
    env: { BOB_TOKEN: 'tok-bob-0002' },
  });
  const report = JSON.parse(r.stdout) as Report;
  const run = report.runs[0]!;
  assert.equal(r.code, 1, JSON.stringify(run.findings.map((x) => x.message)) + JSON.stringify(run.notifications) + JSON.stringify(run.stats));
  assert.equal(run.engine, 'scan');
  const f = run.findings.find((x) => x.checkId === 'scan/sensitive-data-in-response')!;
  assert.ok(f, 'sensitive data found');
  assert.equal(f.location.kind, 'http');
  if (f.location.kind === 'http') {
    assert.equal(f.location.path, '/api/users/{id}');
    assert.equal(f.location.spec?.file, 'api.yaml');
    assert.equal(f.location.spec?.line, 7);
  }
  assert.ok(run.findings.some((x) => x.checkId === 'scan/unsafe-input-handling'));
  assert.equal(elsewhere.seen.length, 0, 'the absolute servers URL of the spec is never requested');
  assert.ok(!api.seen.some((s) => s.startsWith('DELETE')), 'no DELETE without --allow-destructive');
  const har = JSON.parse(readFileSync(join(dir, 'out.har'), 'utf8')) as { log: { entries: { request: { headers: { name: string; value: string }[] } }[] } };
  assert.ok(har.log.entries.length > 5);
  assert.ok(!JSON.stringify(har).includes('tok-bob-0002'), 'credentials masked in the HAR');
  assert.ok(!r.stdout.includes('tok-alice-0001') && !r.stdout.includes('tok-bob-0002'), 'tokens masked in the report');
});

test('rampart scan: unreachable target exits 3 with one clear line', async () => {
  const dead = await startServer((_q, s) => s.end());
  const url = dead.url;
  await dead.close();
  const r = await runCli(['scan', url, '--spec', 'api.yaml', '-q'], { cwd: dir, env: { BOB_TOKEN: 'x' } });
  assert.equal(r.code, 3);
  assert.match(r.stderr, /unreachable.*E_TARGET_UNREACHABLE/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('rampart scan: bad spec, HAR, collection, check id or identity exit 2 naming the place', async () => {
  writeFileSync(join(dir, 'bad.yaml'), 'openapi: 3.0.3\ninfo: [\n');
  writeFileSync(join(dir, 'bad.har'), '{"log": {"entries": [ {"request": {"method": "GET"}} ]}}');
  writeFileSync(join(dir, 'bad.postman.json'), '{"info": {"schema": "v1"}, "item": []}');
  const env = { BOB_TOKEN: 'x' };
  const spec = await runCli(['scan', api.url, '--spec', 'bad.yaml', '-q'], { cwd: dir, env });
  assert.equal(spec.code, 2);
  assert.match(spec.stderr, /bad\.yaml:\d+/);
  const har = await runCli(['scan', api.url, '--har', 'bad.har', '-q'], { cwd: dir, env });
  assert.equal(har.code, 2);
  assert.match(har.stderr, /bad\.har:1:\d+.*url/);
  // A recording past 256 MB (sparse: no disk space) is refused from its size; before, it was read
  // until V8's string limit and failed with "Invalid string length" (from /dev/zero: the same).
  writeFileSync(join(dir, 'huge.har'), '{"log": {}}');
  truncateSync(join(dir, 'huge.har'), 300 * 1024 * 1024);
  const huge = await runCli(['scan', api.url, '--har', 'huge.har', '-q'], { cwd: dir, env });
  assert.equal(huge.code, 2);
  assert.match(huge.stderr, /^rampart: error: .*huge\.har:1:1: the document is 300 MB, past the limit of 256 MB \[E_HAR_PARSE\]$/m);
  const missing = await runCli(['scan', api.url, '--postman', 'nope.json', '-q'], { cwd: dir, env });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read .*nope\.json: ENOENT \[E_INPUT_MISSING\]/);
  const pm = await runCli(['scan', api.url, '--postman', 'bad.postman.json', '-q'], { cwd: dir, env });
  assert.equal(pm.code, 2);
  assert.match(pm.stderr, /bad\.postman\.json.*v2\.1/);
  const chk = await runCli(['scan', api.url, '--spec', 'api.yaml', '--checks', 'no-such-check', '-q'], { cwd: dir, env });
  assert.equal(chk.code, 2);
  const id = await runCli(['scan', api.url, '--spec', 'api.yaml', '--identity', 'mallory', '-q'], { cwd: dir, env });
  assert.equal(id.code, 2);
  assert.match(id.stderr, /unknown identity "mallory"/);
  const noenv = await runCli(['scan', api.url, '--spec', 'api.yaml', '-q'], { cwd: dir, env: {} });
  assert.equal(noenv.code, 2);
  assert.match(noenv.stderr, /BOB_TOKEN/);
  const url = await runCli(['scan', 'ftp://x', '-q'], { cwd: dir, env });
  assert.equal(url.code, 2);
});

test('rampart scan: Ctrl-C stops the scan and still writes the partial report', async () => {
  const slow = await startServer(async (_q, s) => {
    await new Promise((r) => setTimeout(r, 150));
    s.setHeader('content-type', 'application/json');
    s.end('{"ok":true}');
  });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 600);
  const t0 = Date.now();
  writeFileSync(join(dir, 'empty.yaml'), '{}\n');
  const r = await runCli(['scan', slow.url, '--spec', 'api.yaml', '--format', 'json', '--concurrency', '1', '--config', 'empty.yaml'], { cwd: dir, signal: ac.signal });
  await slow.close();
  assert.ok(Date.now() - t0 < 8000, 'stops promptly');
  const report = JSON.parse(r.stdout) as Report;
  assert.ok(report.runs[0]!.notifications.some((n) => n.code === 'interrupted'), r.stdout.slice(0, 500));
});

test('rampart scan: a spec by URL inside the scope, outside it refused; discovery without a spec', async () => {
  const env = { BOB_TOKEN: 'tok-bob-0002' };
  const byUrl = await runCli(['scan', api.url, '--spec', `${api.url}/openapi.json`, '--format', 'json', '--checks', 'version-banner', '--fail-on', 'none'], { cwd: dir, env });
  assert.equal(byUrl.code, 0, byUrl.stderr);
  assert.equal((JSON.parse(byUrl.stdout) as Report).runs[0]!.stats.operations, 2);
  const outside = await runCli(['scan', api.url, '--spec', `${elsewhere.url}/openapi.json`, '-q'], { cwd: dir, env });
  assert.equal(outside.code, 2);
  assert.match(outside.stderr, /outside the scan scope/);
  assert.equal(elsewhere.seen.length, 0);
  const found = await runCli(['scan', api.url, '--format', 'json', '--checks', 'version-banner', '--fail-on', 'none'], { cwd: dir, env });
  assert.equal(found.code, 0, found.stderr);
  const run = (JSON.parse(found.stdout) as Report).runs[0]!;
  assert.equal(run.stats.operations, 2);
  assert.ok(run.notifications.some((n) => n.code === 'surface-discovered' && /\/openapi\.json/.test(n.message)));
});

test('rampart scan: an invalid identity in the config is reported once, at its line', async () => {
  writeFileSync(join(dir, 'bad-identity.yaml'), 'scan:\n  identities:\n    alice:\n      type: bearer\n      tokn: abc\n');
  const r = await runCli(['scan', api.url, '--plan', '--config', 'bad-identity.yaml'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad-identity\.yaml:3:5: scan\.identities\.alice must have required property 'token'/);
  assert.match(r.stderr, /bad-identity\.yaml:5:7: unknown key "tokn"/);
  assert.equal(r.stderr.trim().split('\n').length, 2);
});
