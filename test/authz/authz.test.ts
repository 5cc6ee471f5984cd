// The authorization and authentication checks, end to end against the fixture API: each fires on
// the vulnerable mode and stays silent on the secure twin, including the tricky negatives (a public
// object, a listing of one's own objects, a 200 with an error body).
import { test, before, after } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../harness/cli.js';
import type { Report } from '../../src/core/report.js';
import assert from 'node:assert/strict';
import { runCheckAgainst, runChecksAgainst } from '../harness/scan.js';
import { HttpClient } from '../../src/http/client.js';
import { ScopeGuard } from '../../src/http/scope.js';
import { registerThrowawayUsers } from '../../src/engines/scan/authz/register.js';
import { loadOpenApiText } from '../../src/surface/openapi.js';
import type { IdentityConfig } from '../../src/http/identities.js';
import type { ScanCheck } from '../../src/engines/scan/define.js';
import { FIXTURE_SPEC, FIXTURE_USERS, startAuthzFixture } from './fixture-api.js';
import type { AuthzFixture } from './fixture-api.js';
import bola from '../../src/engines/scan/checks/bola.js';
import bfla from '../../src/engines/scan/checks/bfla.js';
import massAssignment from '../../src/engines/scan/checks/mass-assignment.js';
import privilegeEscalation from '../../src/engines/scan/checks/privilege-escalation.js';
import unauthenticated from '../../src/engines/scan/checks/unauthenticated-access.js';
import jwtNone from '../../src/engines/scan/checks/jwt-alg-none.js';
import jwtSig from '../../src/engines/scan/checks/jwt-signature-not-verified.js';
import jwtWeak from '../../src/engines/scan/checks/jwt-weak-secret.js';
import jwtExpired from '../../src/engines/scan/checks/jwt-expired-accepted.js';
import bruteForce from '../../src/engines/scan/checks/no-brute-force-protection.js';
import enumeration from '../../src/engines/scan/checks/account-enumeration.js';

const surface = loadOpenApiText(JSON.stringify(FIXTURE_SPEC), 'authz.json').surface;

function identities(): Record<string, IdentityConfig> {
  const login = (u: { username: string; password: string }, role: string): IdentityConfig => ({
    type: 'login',
    role,
    username: u.username,
    request: { method: 'POST', url: '/login', body: { username: u.username, password: u.password } },
    token: { pointer: '/token' },
  });
  return { alice: login(FIXTURE_USERS.alice, 'user'), bob: login(FIXTURE_USERS.bob, 'user'), admin: login(FIXTURE_USERS.admin, 'admin') };
}

let vuln: AuthzFixture;
let secure: AuthzFixture;
before(async () => {
  vuln = await startAuthzFixture({ secure: false });
  secure = await startAuthzFixture({ secure: true });
});
after(async () => {
  await vuln.close();
  await secure.close();
});

async function both(check: ScanCheck, opts: { allowDestructive?: boolean; options?: Record<string, unknown> } = {}) {
  const v = await runCheckAgainst(check, vuln.url, surface, { identities: identities(), ...opts });
  const s = await runCheckAgainst(check, secure.url, surface, { identities: identities(), ...opts });
  const failed = [...v.notifications, ...s.notifications].filter((n) => n.code === 'check-failed');
  assert.deepEqual(failed, [], 'no check failed');
  return { v: v.findings, s: s.findings, vn: v.notifications };
}

test('scan/bola: B reads and writes A\'s objects on the vulnerable API only; own listings and public objects stay silent', async () => {
  const { v, s } = await both(bola, { allowDestructive: true });
  const keys = v.map((f) => `${f.location.kind === 'http' ? `${f.location.method} ${f.location.path}` : ''}`).sort();
  assert.ok(keys.includes('GET /notes/{id}'), keys.join(', '));
  assert.ok(keys.includes('PUT /notes/{id}'), keys.join(', '));
  assert.ok(keys.includes('DELETE /notes/{id}'), keys.join(', '));
  assert.ok(!keys.includes('GET /public/articles/{id}'));
  assert.ok(!keys.includes('GET /products/{id}'), 'a catalogue everyone sees is nobody\'s object');
  assert.ok(!keys.some((k) => k === 'GET /notes'));
  const read = v.find((f) => f.location.kind === 'http' && f.location.method === 'GET' && f.location.path === '/notes/{id}')!;
  assert.equal(read.confidence, 'high');
  assert.match(read.evidence?.summary ?? '', /marker rampart-owner-/);
  assert.deepEqual(s, []);
});

test('scan/bola without two user identities says so instead of reporting nothing silently', async () => {
  const r = await runCheckAgainst(bola, vuln.url, surface, { identities: { admin: identities().admin! } });
  assert.deepEqual(r.findings, []);
  assert.ok(r.notifications.some((n) => n.code === 'authz-needs-two-users'));
});

test('scan/bfla: a user reaches the admin listing (and, opted in, the admin update); the secure twin refuses', async () => {
  const { v, s } = await both(bfla, { allowDestructive: true });
  const ops = v.map((f) => (f.location.kind === 'http' ? `${f.location.method} ${f.location.path}` : '')).sort();
  assert.ok(ops.includes('GET /admin/users'), ops.join(', '));
  assert.ok(ops.includes('PUT /admin/users/{id}'), ops.join(', '));
  assert.deepEqual(s, []);
});

test('scan/mass-assignment: role and credit persist through PATCH /me and role through /register; restored afterwards', async () => {
  const { v, s } = await both(massAssignment, { allowDestructive: true });
  const me = v.find((f) => f.location.kind === 'http' && f.location.path === '/me');
  assert.ok(me, v.map((f) => f.message).join('\n'));
  assert.match(me.message, /role/);
  assert.match(me.message, /credit/);
  assert.equal(me.severity, 'critical');
  assert.match(me.evidence?.summary ?? '', /restored/);
  assert.ok(v.some((f) => f.location.kind === 'http' && f.location.path === '/register'));
  assert.equal(vuln.state.users.get(1)!.role, 'user', 'alice was restored');
  assert.deepEqual(s, []);
});

test('scan/mass-assignment does not touch existing objects without the opt-in', async () => {
  const r = await runCheckAgainst(massAssignment, vuln.url, surface, { identities: identities() });
  assert.ok(!r.findings.some((f) => f.location.kind === 'http' && f.location.path === '/me'));
  assert.ok(r.notifications.some((n) => n.code === 'authz-write-skipped'));
});

test('scan/privilege-escalation: alice makes herself admin and opens the admin listing; the secure twin holds', async () => {
  const { v, s } = await both(privilegeEscalation, { allowDestructive: true });
  assert.equal(v.length, 1, v.map((f) => f.message).join('\n'));
  assert.equal(v[0]!.severity, 'critical');
  assert.ok((v[0]!.evidence?.exchanges?.length ?? 0) >= 4);
  assert.match(v[0]!.message, /GET \/admin\/(audit|stats)/);
  assert.equal(vuln.state.users.get(1)!.role, 'user', 'role restored');
  assert.deepEqual(s, []);
});

test('scan/unauthenticated-access: /users answers anyone on the vulnerable API; /status (200 + error body) never fires', async () => {
  const { v, s } = await both(unauthenticated);
  const paths = v.map((f) => (f.location.kind === 'http' ? f.location.path : ''));
  assert.ok(paths.includes('/users'), paths.join(','));
  assert.ok(!paths.includes('/status'));
  assert.deepEqual(s, []);
});

test('JWT checks: alg none, unverified signature, weak secret with a forged admin token, expired token', async () => {
  const table: [string, ScanCheck][] = [
    ['scan/jwt-alg-none', jwtNone],
    ['scan/jwt-signature-not-verified', jwtSig],
    ['scan/jwt-weak-secret', jwtWeak],
    ['scan/jwt-expired-accepted', jwtExpired],
  ];
  for (const [id, check] of table) {
    assert.equal(check.meta.id, id);
    const { v, s } = await both(check);
    assert.equal(v.length, 1, `${check.meta.id} fires once on the vulnerable API`);
    assert.deepEqual(s, [], `${check.meta.id} is silent on the secure twin`);
  }
  const { v } = await both(jwtWeak);
  assert.equal(v[0]!.severity, 'critical', 'forged admin token opened an admin operation');
  const shown = (v[0]!.evidence?.data as { secret: string }).secret;
  assert.notEqual(shown, vuln.weakSecret);
  assert.match(shown, /^s\*+ \(6 characters\)$/, 'the cracked secret is masked');
  assert.ok(!v[0]!.message.includes(`(${vuln.weakSecret})`));
});

test('scan/account-enumeration and scan/no-brute-force-protection', async () => {
  const options = { username: 'carol', attempts: 12 };
  const r1 = await runChecksAgainst([enumeration], vuln.url, surface, { identities: identities(), options });
  assert.equal(r1.findings.length, 1);
  const r2 = await runChecksAgainst([enumeration], secure.url, surface, { identities: identities(), options });
  assert.deepEqual(r2.findings, []);
  const b1 = await runCheckAgainst(bruteForce, vuln.url, surface, { identities: identities(), options });
  assert.equal(b1.findings.length, 1);
  const b2 = await runCheckAgainst(bruteForce, secure.url, surface, { identities: identities(), options });
  assert.deepEqual(b2.findings, []);
});

test('pre-flight: a wrong password or two identities on one account stop the scan with the identity named', async () => {
  const ids = identities();
  const badBob: IdentityConfig = { type: 'bearer', token: 'not-a-valid-token', role: 'user' };
  await assert.rejects(
    runCheckAgainst(bola, secure.url, surface, { identities: { alice: ids.alice!, bob: badBob } }),
    (e: Error & { code?: string }) => e.code === 'E_IDENTITY' && /identity "bob" does not work: GET \/me answered 401/.test(e.message),
  );
  const twin: IdentityConfig = { ...(ids.alice as object), role: 'user' } as IdentityConfig;
  await assert.rejects(
    runCheckAgainst(bola, secure.url, surface, { identities: { alice: ids.alice!, alice2: twin } }),
    (e: Error & { code?: string }) => e.code === 'E_IDENTITY' && /"alice" and "alice2" are the same account/.test(e.message),
  );
});

test('permission matrix: operations × identities with observed and expected outcomes; contradictions only on the vulnerable API', async () => {
  const v = await runCheckAgainst(unauthenticated, vuln.url, surface, { identities: identities() });
  const s = await runCheckAgainst(unauthenticated, secure.url, surface, { identities: identities() });
  type M = { identities: string[]; rows: { operation: string; cells: Record<string, { observed: string; expected: string }>; contradictions: number }[]; contradictions: number };
  const mv = v.run.extras?.permissionMatrix as M;
  const ms = s.run.extras?.permissionMatrix as M;
  assert.deepEqual(mv.identities, ['anonymous', 'alice', 'bob', 'admin']);
  const row = (m: M, op: string) => m.rows.find((r) => r.operation === op)!.cells;
  assert.deepEqual(row(mv, 'GET /admin/users').bob, { observed: 'allowed', expected: 'denied', status: 200 });
  assert.deepEqual(row(ms, 'GET /admin/users').bob, { observed: 'denied', expected: 'denied', status: 403 });
  assert.equal(row(ms, 'GET /admin/users').admin!.observed, 'allowed');
  assert.equal(row(mv, 'GET /users').anonymous!.observed, 'allowed');
  assert.ok(mv.contradictions >= 3);
  // On the secure twin the only contradiction is a documentation one: the spec does not say the
  // revenue report is admin-only, and users are refused there.
  assert.deepEqual(ms.rows.filter((r) => r.contradictions > 0).map((r) => r.operation), ['GET /reports/revenue']);
  assert.deepEqual(row(ms, 'GET /reports/revenue').alice, { observed: 'denied', expected: 'allowed', status: 403 });
});

test('throw-away users registered through the API become identities that BOLA can use', async () => {
  const client = new HttpClient({ scope: new ScopeGuard(vuln.url, []), concurrency: 2, timeoutMs: 5000, connectTimeoutMs: 2000 });
  try {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const reg = await registerThrowawayUsers(surface, vuln.url, (r) => client.send(r), random);
    assert.ok('identities' in reg, JSON.stringify(reg));
    assert.deepEqual(Object.keys(reg.identities), ['registered1', 'registered2']);
    assert.equal(reg.created.length, 2);
    const r = await runCheckAgainst(bola, vuln.url, surface, { identities: reg.identities, allowDestructive: true });
    assert.ok(r.findings.some((f) => f.location.kind === 'http' && f.location.path === '/notes/{id}' && f.location.method === 'GET'));
  } finally {
    await client.close();
  }
  const noRegister = loadOpenApiText(JSON.stringify({ ...FIXTURE_SPEC, paths: { ...FIXTURE_SPEC.paths, '/register': {} } }), 'x.json').surface;
  const none = await registerThrowawayUsers(noRegister, vuln.url, async () => { throw new Error('must not send'); }, Math.random);
  assert.match((none as { error: string }).error, /no registration operation/);
});

test('rampart scan --register-users: BOLA with no identity configured by hand; a plan-free API without registration is a clear error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-authz-cli-'));
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(FIXTURE_SPEC));
  const r = await runCli(['scan', vuln.url, '--spec', 'spec.json', '--register-users', '--allow-destructive', '--checks', 'scan/bola', '-f', 'json', '--fail-on', 'none'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const run = (JSON.parse(r.stdout) as Report).runs[0]!;
  assert.ok(run.findings.some((f) => f.checkId === 'scan/bola'));
  assert.ok(run.notifications.some((n) => n.code === 'users-registered'));
  const { '/register': _gone, ...paths } = FIXTURE_SPEC.paths;
  writeFileSync(join(dir, 'noreg.json'), JSON.stringify({ ...FIXTURE_SPEC, paths }));
  const bad = await runCli(['scan', vuln.url, '--spec', 'noreg.json', '--register-users', '--checks', 'scan/bola'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--register-users: the API has no registration operation/);
});

test('--plan says whether destructive probes are on, and sends nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-authz-plan-'));
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(FIXTURE_SPEC));
  const before = vuln.state.notes.size;
  const off = await runCli(['scan', vuln.url, '--spec', 'spec.json', '--plan'], { cwd: dir });
  assert.equal(off.code, 0);
  assert.match(off.stdout, /Destructive probes: OFF/);
  assert.match(off.stdout, /DELETE \/notes\/\{id\}.*no baseline/);
  const on = await runCli(['scan', vuln.url, '--spec', 'spec.json', '--plan', '--allow-destructive'], { cwd: dir });
  assert.match(on.stdout, /Destructive probes: ON \(--allow-destructive\)/);
  assert.equal(vuln.state.notes.size, before, 'nothing was sent');
});

test('scan/bfla with recorded user flows: an admin-only read that users never use is called as a user', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-authz-flows-'));
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(FIXTURE_SPEC));
  const entry = (url: string) => ({
    startedDateTime: '2026-01-01T00:00:00.000Z', time: 1,
    request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [{ name: 'content-type', value: 'application/json' }], cookies: [], content: { size: 2, mimeType: 'application/json', text: '{}' }, redirectURL: '', headersSize: -1, bodySize: 2 },
    cache: {}, timings: { send: 0, wait: 1, receive: 0 },
  });
  const flows = (base: string) => JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries: ['/me', '/notes', '/notes/100', '/products'].map((p) => entry(`${base}${p}`)) } });
  const cfg = () => `scan:\n  identities:\n${Object.entries(identities()).map(([n, c]) => `    ${n}: ${JSON.stringify(c)}`).join('\n')}\n`;
  const run = async (fx: AuthzFixture) => {
    writeFileSync(join(dir, 'flows.har'), flows(fx.url));
    writeFileSync(join(dir, 'rampart.config.yaml'), cfg());
    const r = await runCli(['scan', fx.url, '--spec', 'spec.json', '--har', 'flows.har', '--checks', 'scan/bfla', '-f', 'json', '--fail-on', 'none'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as Report).runs[0]!.findings;
  };
  const v = await run(vuln);
  const revenue = v.find((f) => f.location.kind === 'http' && f.location.path === '/reports/revenue');
  assert.ok(revenue, v.map((f) => f.message).join('\n'));
  assert.equal(revenue.confidence, 'medium');
  assert.match(revenue.evidence?.summary ?? '', /never occurs in the recorded user flows/);
  const s = await run(secure);
  assert.ok(!s.some((f) => f.location.kind === 'http' && f.location.path === '/reports/revenue'));
});
