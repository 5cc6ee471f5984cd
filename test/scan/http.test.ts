// The HTTP layer: scope guard (redirects, absolute links, other hosts), credentials bound to their
// origin, identities of every kind with re-login on 401, budget and rate limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpClient } from '../../src/http/client.js';
import { IdentityManager, extractToken } from '../../src/http/identities.js';
import type { IdentityConfig } from '../../src/http/identities.js';
import { ScopeGuard } from '../../src/http/scope.js';
import { defineScanCheck } from '../../src/engines/scan/define.js';
import { op, runCheckAgainst, startServer, surfaceOf } from '../harness/scan.js';

test('scope guard: hosts, ports, origins', () => {
  const g = new ScopeGuard('http://127.0.0.1:8080/api', ['api.example.com', '127.0.0.2:9000', 'https://cdn.example.com']);
  assert.ok(g.allows('http://127.0.0.1:8080/x'));
  assert.ok(!g.allows('http://127.0.0.1:8081/x'));
  assert.ok(!g.allows('https://127.0.0.1:8080/x'));
  assert.ok(g.allows('https://api.example.com/v1'));
  assert.ok(g.allows('http://127.0.0.2:9000/'));
  assert.ok(!g.allows('http://127.0.0.2:9001/'));
  assert.ok(g.allows('https://cdn.example.com/a'));
  assert.ok(!g.allows('http://cdn.example.com/a'));
  assert.ok(!g.allows('file:///etc/passwd'));
  assert.ok(!g.allows('not a url'));
});

test('an out-of-scope redirect is recorded and never followed; in scope it is followed without the credentials', async (t) => {
  const other = await startServer((req, res) => res.end(JSON.stringify({ auth: req.headers.authorization ?? null })), '127.0.0.2');
  const target = await startServer((req, res) => {
    if (req.url === '/go') {
      res.writeHead(302, { location: `${other.url}/steal` });
      return res.end();
    }
    res.end('{}');
  });
  t.after(async () => {
    await other.close();
    await target.close();
  });
  const creds = { origin: target.url, headers: { authorization: 'Bearer secret-token-xyz' } };
  const strict = new HttpClient({ scope: new ScopeGuard(target.url) });
  const r1 = await strict.send({ method: 'GET', url: `${target.url}/go`, credentials: creds });
  await strict.close();
  assert.equal(r1.status, 302);
  assert.equal(r1.redirects[0]!.reason, 'out-of-scope');
  assert.equal(other.seen.length, 0, 'the other host was never contacted');
  const blocked = await new HttpClient({ scope: new ScopeGuard(target.url) }).send({ method: 'GET', url: `${other.url}/direct` });
  assert.equal(blocked.error?.code, 'out-of-scope');
  assert.equal(other.seen.length, 0);

  const wide = new HttpClient({ scope: new ScopeGuard(target.url, [other.url]) });
  const r2 = await wide.send({ method: 'GET', url: `${target.url}/go`, credentials: creds });
  await wide.close();
  assert.equal(r2.status, 200);
  assert.deepEqual(JSON.parse(r2.body), { auth: null }, 'credentials stay with their origin');
  assert.equal(other.seen.length, 1);
});

test('links harvested from responses to another host are never requested', async (t) => {
  const other = await startServer((_q, s) => s.end('{}'), '127.0.0.2');
  const target = await startServer((_q, s) => {
    s.setHeader('content-type', 'application/json');
    s.end(JSON.stringify({ id: 1, next: `${other.url}/page/2`, avatar: `${other.url}/a.png` }));
  });
  t.after(async () => {
    await other.close();
    await target.close();
  });
  const follower = defineScanCheck({
    meta: { id: 'scan/test-follow', title: 't', severity: 'info', confidence: 'low', domain: 'inventory', owasp: [], cwe: ['CWE-200'], description: 'd', remediation: 'r', references: ['https://example.com'], messages: { m: 'm' } },
    scope: 'operation',
    plan: () => ({ requests: 2, writes: false }),
    async run(o, ctx) {
      const base = await ctx.baseline(o);
      for (const link of base?.body.match(/https?:\/\/[^"]+/g) ?? []) await ctx.send({ method: 'GET', url: link });
    },
  });
  const r = await runCheckAgainst(follower, target.url, surfaceOf([op('GET', '/things')]));
  assert.equal(other.seen.length, 0);
  assert.ok(r.notifications.some((n) => n.code === 'out-of-scope'), JSON.stringify(r.notifications));
  assert.equal(r.run.stats.blockedOutOfScope, 2);
});

test('identities: every kind sends its credentials; login by pointer, regex and cookie; re-login on 401', async (t) => {
  let logins = 0;
  let uses = 0;
  const srv = await startServer((req, res, body) => {
    const u = new URL(req.url!, 'http://x');
    if (u.pathname === '/login') {
      logins++;
      const b = JSON.parse(body || '{}') as { user?: string };
      if (b.user === 'cookie') {
        res.setHeader('set-cookie', `sid=s${logins}; HttpOnly`);
        return res.end('{}');
      }
      uses = 0;
      return res.end(JSON.stringify({ data: { access: `tok${logins}` }, text: `token=tok${logins};` }));
    }
    if (u.pathname === '/expiring') {
      // a token works twice, then it has "expired"
      if (req.headers.authorization !== `Bearer tok${logins}` || ++uses > 2) {
        res.statusCode = 401;
        return res.end('{}');
      }
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ h: req.headers, q: Object.fromEntries(u.searchParams) }));
  });
  t.after(() => srv.close());
  const configs: Record<string, IdentityConfig> = {
    bearer: { type: 'bearer', token: 'b-token' },
    keyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key', value: 'k1' },
    keyQuery: { type: 'apiKey', in: 'query', name: 'api_key', value: 'k2' },
    keyCookie: { type: 'apiKey', in: 'cookie', name: 'key', value: 'k3' },
    basic: { type: 'basic', username: 'u', password: 'p' },
    cookies: { type: 'cookie', cookies: { a: '1', b: '2' } },
    headers: { type: 'headers', headers: { 'X-User': 'alice' } },
    pointer: { type: 'login', request: { url: '/login', body: { user: 'x' } }, token: { pointer: '/data/access' } },
    regex: { type: 'login', request: { url: '/login', body: { user: 'y' } }, token: { regex: 'token=(\\w+);' }, use: { as: 'header', name: 'X-Token', prefix: 'T ' } },
    cookieLogin: { type: 'login', request: { url: '/login', body: { user: 'cookie' } }, token: { header: 'set-cookie' }, use: { as: 'cookie' } },
  };
  const client = new HttpClient({ scope: new ScopeGuard(srv.url) });
  t.after(() => client.close());
  const ids = new IdentityManager(configs, client, srv.url);
  assert.deepEqual(ids.names()[0], 'anonymous');
  const echo = async (name: string) => {
    const c = await ids.credentials(name);
    const r = await client.send({ method: 'GET', url: `${srv.url}/echo`, ...(c ? { credentials: c } : {}) });
    return JSON.parse(r.body) as { h: Record<string, string>; q: Record<string, string> };
  };
  assert.equal((await echo('anonymous')).h.authorization, undefined);
  assert.equal((await echo('bearer')).h.authorization, 'Bearer b-token');
  assert.equal((await echo('keyHeader')).h['x-api-key'], 'k1');
  assert.equal((await echo('keyQuery')).q.api_key, 'k2');
  assert.equal((await echo('keyCookie')).h.cookie, 'key=k3');
  assert.equal((await echo('basic')).h.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
  assert.equal((await echo('cookies')).h.cookie, 'a=1; b=2');
  assert.equal((await echo('headers')).h['x-user'], 'alice');
  assert.match((await echo('pointer')).h.authorization!, /^Bearer tok\d+$/);
  assert.match((await echo('regex')).h['x-token']!, /^T tok\d+$/);
  assert.match((await echo('cookieLogin')).h.cookie!, /^sid=s\d+$/);

  // re-login on 401 through the engine's send
  const expiring = defineScanCheck({
    meta: { id: 'scan/test-expiring', title: 't', severity: 'info', confidence: 'low', domain: 'inventory', owasp: [], cwe: ['CWE-200'], description: 'd', remediation: 'r', references: ['https://example.com'], messages: { ok: 'all {n} succeeded' } },
    scope: 'target',
    plan: () => ({ requests: 6, writes: false }),
    async run(ctx, report) {
      let ok = 0;
      for (let i = 0; i < 6; i++) if ((await ctx.send({ method: 'GET', url: '/expiring', identity: 'pointer' })).status === 200) ok++;
      if (ok === 6) report({ messageId: 'ok', data: { n: ok }, method: 'GET', path: '/expiring' });
    },
  });
  logins = 0;
  const r = await runCheckAgainst(expiring, srv.url, surfaceOf([]), { identities: { pointer: configs.pointer! } });
  assert.equal(r.findings.length, 1, JSON.stringify(r.notifications));
  assert.ok(logins >= 3, `logged in again after each 401 (${logins} logins)`);
  assert.equal(extractToken({ body: '{"a":{"b":[{"c":"v"}]}}', headers: {} }, { pointer: '/a/b/0/c' }), 'v');
});

test('budget stops the scan with a partial-report notification; --rps paces requests per host', async (t) => {
  const srv = await startServer((_q, s) => s.end('{}'));
  t.after(() => srv.close());
  const many = defineScanCheck({
    meta: { id: 'scan/test-many', title: 't', severity: 'info', confidence: 'low', domain: 'inventory', owasp: [], cwe: ['CWE-200'], description: 'd', remediation: 'r', references: ['https://example.com'], messages: { m: 'm' } },
    scope: 'target',
    plan: () => ({ requests: 100, writes: false }),
    async run(ctx) {
      for (let i = 0; i < 100; i++) await ctx.send({ method: 'GET', url: `/n/${i}` });
    },
  });
  const r = await runCheckAgainst(many, srv.url, surfaceOf([]), { client: { budget: 5 } });
  assert.equal(srv.seen.length, 5);
  assert.ok(r.notifications.some((n) => n.code === 'budget-exhausted'));
  const paced = new HttpClient({ scope: new ScopeGuard(srv.url), rps: 10 });
  const t0 = Date.now();
  await Promise.all(Array.from({ length: 6 }, (_x, i) => paced.send({ method: 'GET', url: `${srv.url}/p/${i}` })));
  await paced.close();
  assert.ok(Date.now() - t0 >= 450, `6 requests at 10 rps took ${Date.now() - t0} ms`);
});

test('a failed re-login keeps the token that worked, for relogin() and for refresh() after a 401', async (t) => {
  let logins = 0;
  const srv = await startServer((req, res) => {
    if (req.url === '/login') {
      logins++;
      // the first login works; every later one is throttled
      if (logins > 1) {
        res.statusCode = 429;
        return res.end('{"error":"slow down"}');
      }
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ token: `tok${logins}` }));
    }
    res.end('{}');
  });
  t.after(() => srv.close());
  const client = new HttpClient({ scope: new ScopeGuard(srv.url) });
  t.after(() => client.close());
  const ids = new IdentityManager({ user: { type: 'login', request: { url: '/login', body: { u: 'x' } }, token: { pointer: '/token' } } }, client, srv.url);
  const first = await ids.credentials('user');
  assert.equal(ids.currentToken('user'), 'tok1');

  assert.equal(await ids.relogin('user'), false);
  assert.equal(ids.currentToken('user'), 'tok1', 'relogin dropped the token that worked');
  assert.equal(await ids.credentials('user'), first);

  ids.noteResponse('user', first, 200); // the token has worked, so a 401 means it expired
  assert.equal(await ids.refresh('user', first), false);
  assert.equal(ids.currentToken('user'), 'tok1', 'refresh dropped the token that worked');
  assert.ok(logins >= 2);
});
