// Each deliberate flaw of the example API, proven by plain HTTP requests: present in the
// vulnerable app, gone in the secure twin.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SignJWT, decodeJwt, jwtVerify } from 'jose';
import { parse } from 'yaml';
import { createApp } from '../src/app.js';
import { exampleRoot } from '../src/paths.js';
import { SEEDED_USERS, startExampleApi, type ExampleServer } from '../src/server.js';
import { http, login, register } from './http.js';

const WEAK_SECRET = new TextEncoder().encode('secret123');
const EVIL_ORIGIN = 'https://evil.example';

let vuln: ExampleServer;
let safe: ExampleServer;
const tokens: Record<'vuln' | 'safe', Record<'alice' | 'bob' | 'admin', string>> = {
  vuln: { alice: '', bob: '', admin: '' },
  safe: { alice: '', bob: '', admin: '' },
};

before(async () => {
  [vuln, safe] = await Promise.all([startExampleApi({ secure: false }), startExampleApi({ secure: true })]);
  for (const [mode, server] of [['vuln', vuln], ['safe', safe]] as const) {
    for (const name of ['alice', 'bob', 'admin'] as const) tokens[mode][name] = await login(server.url, SEEDED_USERS[name]);
  }
});

after(async () => {
  await Promise.all([vuln?.close(), safe?.close()]);
});

describe('1. SQL injection in GET /api/products/:id', () => {
  it('vulnerable: SQLite errors in the response, boolean difference, UNION reads the users table', async () => {
    const quote = await http(vuln.url, 'GET', "/api/products/1'");
    assert.equal(quote.status, 500);
    assert.match(quote.text, /SQLITE_ERROR/);
    assert.match(quote.json.error, /unrecognized token/);

    const truthy = await http(vuln.url, 'GET', '/api/products/1%20AND%201=1');
    const falsy = await http(vuln.url, 'GET', '/api/products/1%20AND%201=2');
    assert.equal(truthy.status, 200);
    assert.equal(truthy.json.id, 1);
    assert.equal(falsy.status, 404);

    const union = await http(vuln.url, 'GET', `/api/products/${encodeURIComponent('0 UNION SELECT id, username, password_hash, 0, 0 FROM users WHERE id = 2')}`);
    assert.equal(union.status, 200);
    assert.equal(union.json.name, 'alice');
    assert.match(union.json.description, /^scrypt\$/);
  });

  it('secure: parameterised, non-integers rejected with 400 and no database detail', async () => {
    assert.equal((await http(safe.url, 'GET', '/api/products/1')).json.id, 1);
    for (const payload of ["1'", '1%20AND%201=1', '1%20AND%201=2', encodeURIComponent('0 UNION SELECT 1,2,3,4,5')]) {
      const res = await http(safe.url, 'GET', `/api/products/${payload}`);
      assert.equal(res.status, 400, payload);
      assert.doesNotMatch(res.text, /SQLITE|syntax|token/i);
    }
  });
});

describe('2. user data without authentication (GET /api/users)', () => {
  it('vulnerable: the whole user table to an anonymous caller', async () => {
    const res = await http(vuln.url, 'GET', '/api/users');
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.json.users.map((u: any) => u.email),
      ['admin@example.com', 'alice@example.com', 'bob@example.com'],
    );
  });

  it('secure: 401 without a token; public profiles only with one', async () => {
    const anon = await http(safe.url, 'GET', '/api/users');
    assert.equal(anon.status, 401);
    const signedIn = await http(safe.url, 'GET', '/api/users', { token: tokens.safe.bob });
    assert.equal(signedIn.status, 200);
    for (const u of signedIn.json.users) assert.deepEqual(Object.keys(u).sort(), ['display_name', 'id', 'username']);
  });
});

describe('3. BOLA: objects of other users', () => {
  it('vulnerable: bob reads alice\'s note, order and profile', async () => {
    const note = await http(vuln.url, 'GET', '/api/notes/2', { token: tokens.vuln.bob });
    assert.equal(note.status, 200);
    assert.equal(note.json.owner_id, 2);
    const order = await http(vuln.url, 'GET', '/api/orders/1', { token: tokens.vuln.bob });
    assert.equal(order.status, 200);
    assert.equal(order.json.user_id, 2);
    const profile = await http(vuln.url, 'GET', '/api/users/2', { token: tokens.vuln.bob });
    assert.equal(profile.status, 200);
    assert.equal(profile.json.email, 'alice@example.com');
  });

  it('secure: ownership checked; owners (and admins) still get their objects', async () => {
    assert.equal((await http(safe.url, 'GET', '/api/notes/2', { token: tokens.safe.bob })).status, 404);
    assert.equal((await http(safe.url, 'GET', '/api/orders/1', { token: tokens.safe.bob })).status, 404);
    assert.equal((await http(safe.url, 'GET', '/api/users/2', { token: tokens.safe.bob })).status, 403);

    assert.equal((await http(safe.url, 'GET', '/api/notes/2', { token: tokens.safe.alice })).json.owner_id, 2);
    assert.equal((await http(safe.url, 'GET', '/api/orders/1', { token: tokens.safe.alice })).json.user_id, 2);
    assert.equal((await http(safe.url, 'GET', '/api/orders/1', { token: tokens.safe.admin })).status, 200);
    assert.equal((await http(safe.url, 'GET', '/api/users/2', { token: tokens.safe.alice })).json.email, 'alice@example.com');
    assert.equal((await http(safe.url, 'GET', '/api/users/2', { token: tokens.safe.admin })).status, 200);
  });
});

describe('4. PUT /api/admin/users/:id accepts the owner and writes role', () => {
  it('vulnerable: a regular user makes themselves admin, then uses an admin-only route', async () => {
    const eve = await register(vuln.url, 'eve');
    assert.equal((await http(vuln.url, 'GET', '/api/admin/users', { token: eve.token })).status, 403);
    const res = await http(vuln.url, 'PUT', `/api/admin/users/${eve.user.id}`, { token: eve.token, body: { role: 'admin' } });
    assert.equal(res.status, 200);
    assert.equal(res.json.role, 'admin');
    assert.equal((await http(vuln.url, 'GET', '/api/admin/users', { token: eve.token })).status, 200);
  });

  it('secure: admins only; role validated', async () => {
    const eve = await register(safe.url, 'eve');
    const self = await http(safe.url, 'PUT', `/api/admin/users/${eve.user.id}`, { token: eve.token, body: { role: 'admin' } });
    assert.equal(self.status, 403);
    assert.equal((await http(safe.url, 'GET', '/api/users/me', { token: eve.token })).json.role, 'user');
    assert.equal((await http(safe.url, 'GET', '/api/admin/users', { token: eve.token })).status, 403);

    const bad = await http(safe.url, 'PUT', `/api/admin/users/${eve.user.id}`, { token: tokens.safe.admin, body: { role: 'root' } });
    assert.equal(bad.status, 400);
    const ok = await http(safe.url, 'PUT', `/api/admin/users/${eve.user.id}`, { token: tokens.safe.admin, body: { display_name: 'Eve (checked)' } });
    assert.equal(ok.status, 200);
    assert.equal(ok.json.display_name, 'Eve (checked)');
    assert.equal(ok.json.role, 'user');
  });
});

describe('5. password hashes and other users\' emails in responses', () => {
  it('vulnerable: password_hash (real scrypt hashes) in listing, profile, /me and login', async () => {
    const list = await http(vuln.url, 'GET', '/api/users');
    for (const u of list.json.users) assert.match(u.password_hash, /^scrypt\$16384\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    assert.match((await http(vuln.url, 'GET', '/api/users/1', { token: tokens.vuln.bob })).json.password_hash, /^scrypt\$/);
    assert.match((await http(vuln.url, 'GET', '/api/users/me', { token: tokens.vuln.bob })).json.password_hash, /^scrypt\$/);
    assert.match((await http(vuln.url, 'POST', '/api/auth/login', { body: SEEDED_USERS.alice })).json.user.password_hash, /^scrypt\$/);
  });

  it('secure: no hash anywhere, other users\' emails only for admins', async () => {
    const responses = await Promise.all([
      http(safe.url, 'GET', '/api/users', { token: tokens.safe.bob }),
      http(safe.url, 'GET', '/api/users/me', { token: tokens.safe.bob }),
      http(safe.url, 'GET', '/api/users/2', { token: tokens.safe.admin }),
      http(safe.url, 'GET', '/api/admin/users', { token: tokens.safe.admin }),
      http(safe.url, 'POST', '/api/auth/login', { body: SEEDED_USERS.alice }),
    ]);
    for (const r of responses) {
      assert.equal(r.status, 200);
      assert.doesNotMatch(r.text, /password_hash|scrypt\$/);
    }
    assert.doesNotMatch(responses[0]!.text, /@example\.com/);
  });
});

describe('6. CORS', () => {
  it('vulnerable: any Origin reflected with credentials, preflight included', async () => {
    const res = await http(vuln.url, 'GET', '/api/users/me', { token: tokens.vuln.bob, headers: { origin: EVIL_ORIGIN } });
    assert.equal(res.headers.get('access-control-allow-origin'), EVIL_ORIGIN);
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    const pre = await http(vuln.url, 'OPTIONS', '/api/users/me', {
      headers: { origin: 'null', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'null');
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /authorization/i);
  });

  it('secure: allow-list only', async () => {
    const evil = await http(safe.url, 'GET', '/api/users/me', { token: tokens.safe.bob, headers: { origin: EVIL_ORIGIN } });
    assert.equal(evil.status, 200);
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    assert.equal(evil.headers.get('access-control-allow-credentials'), null);
    const pre = await http(safe.url, 'OPTIONS', '/api/users/me', { headers: { origin: 'null', 'access-control-request-method': 'GET' } });
    assert.equal(pre.headers.get('access-control-allow-origin'), null);
    const good = await http(safe.url, 'GET', '/api/health', { headers: { origin: 'https://app.example.com' } });
    assert.equal(good.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.match(good.headers.get('vary') ?? '', /origin/i);
  });
});

describe('7. security headers and banners', () => {
  it('vulnerable: none of them, and version banners', async () => {
    for (const path of ['/', '/api/users/me']) {
      const res = await http(vuln.url, 'GET', path, { token: tokens.vuln.bob });
      for (const h of ['x-content-type-options', 'content-security-policy', 'x-frame-options', 'cache-control']) assert.equal(res.headers.get(h), null, `${path} ${h}`);
      assert.equal(res.headers.get('x-powered-by'), 'Express');
      assert.match(res.headers.get('server') ?? '', /ExampleAPI\/0\.9\.1 \(Node\.js v\d+/);
    }
  });

  it('secure: nosniff, CSP with frame-ancestors, X-Frame-Options, no-store on API responses, no banners', async () => {
    for (const path of ['/', '/api/users/me', '/static/app.js']) {
      const res = await http(safe.url, 'GET', path, { token: tokens.safe.bob });
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
      assert.equal(res.headers.get('x-powered-by'), null);
      assert.equal(res.headers.get('server'), null);
    }
    assert.equal((await http(safe.url, 'GET', '/api/users/me', { token: tokens.safe.bob })).headers.get('cache-control'), 'no-store');
  });
});

describe('8. invalid JSON', () => {
  it('vulnerable: 500 with the stack trace in the body', async () => {
    const res = await http(vuln.url, 'POST', '/api/auth/login', { rawJson: '{"username": "alice",' });
    assert.equal(res.status, 500);
    assert.match(res.json.stack, /^SyntaxError: /);
    assert.match(res.json.stack, /\n\s+at .+node_modules/);
  });

  it('secure: 400 with a short message', async () => {
    const res = await http(safe.url, 'POST', '/api/auth/login', { rawJson: '{"username": "alice",' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, { error: 'request body is not valid JSON' });
  });
});

describe('9. OpenAPI document', () => {
  it('vulnerable: served at /openapi.yaml and /openapi.json', async () => {
    const yamlRes = await http(vuln.url, 'GET', '/openapi.yaml');
    assert.equal(yamlRes.status, 200);
    assert.match(yamlRes.headers.get('content-type') ?? '', /yaml/);
    assert.equal(parse(yamlRes.text).openapi, '3.1.0');
    const jsonRes = await http(vuln.url, 'GET', '/openapi.json');
    assert.equal(jsonRes.status, 200);
    assert.ok(jsonRes.json.paths['/api/admin/users/{id}']);
  });

  it('secure: 404', async () => {
    assert.equal((await http(safe.url, 'GET', '/openapi.yaml')).status, 404);
    assert.equal((await http(safe.url, 'GET', '/openapi.json')).status, 404);
  });
});

describe('10. hard-coded keys', () => {
  const root = exampleRoot();

  it('vulnerable: a live payment key in server source and AWS keys in the served client script', async () => {
    const config = readFileSync(join(root, 'src', 'config.vulnerable.ts'), 'utf8');
    assert.match(config, /PAYMENT_API_KEY = 'sk_live_[0-9a-zA-Z]{24,}'/);
    assert.match(config, /JWT_SECRET = 'secret123'/);
    const script = await http(vuln.url, 'GET', '/static/app.js');
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
    assert.match(script.text, /'AKIA[0-9A-Z]{16}'/);
    assert.match(script.text, /AWS_SECRET_ACCESS_KEY = '[0-9a-zA-Z+/]{40}'/);
    assert.equal((await http(vuln.url, 'GET', '/api/health')).json.payments, 'configured');
  });

  it('secure: keys from the environment only, none in the served script', async () => {
    for (const file of ['config.secure.ts', 'app.ts', 'server.ts']) {
      assert.doesNotMatch(readFileSync(join(root, 'src', file), 'utf8'), /sk_live_|AKIA|secret123/, file);
    }
    const script = await http(safe.url, 'GET', '/static/app.js');
    assert.equal(script.status, 200);
    assert.doesNotMatch(script.text, /AKIA|sk_live_|secret/i);
    assert.equal((await http(safe.url, 'GET', '/api/health')).json.payments, 'offline');
  });
});

describe('11. login without rate limiting', () => {
  it('vulnerable: unlimited guesses, and the error tells which usernames exist', async () => {
    await register(vuln.url, 'victim');
    for (let i = 0; i < 12; i++) {
      const res = await http(vuln.url, 'POST', '/api/auth/login', { body: { username: 'victim', password: `guess-${i}` } });
      assert.equal(res.status, 401);
      assert.equal(res.json.error, 'wrong password');
    }
    const unknown = await http(vuln.url, 'POST', '/api/auth/login', { body: { username: 'nobody', password: 'x' } });
    assert.equal(unknown.json.error, 'no such user');
    assert.equal((await http(vuln.url, 'POST', '/api/auth/login', { body: { username: 'victim', password: 'victim-Passw0rd-long' } })).status, 200);
  });

  it('secure: 429 with Retry-After after 5 failures, even for the right password; same message for unknown users', async () => {
    await register(safe.url, 'victim');
    for (let i = 0; i < 5; i++) {
      const res = await http(safe.url, 'POST', '/api/auth/login', { body: { username: 'victim', password: `guess-${i}` } });
      assert.equal(res.status, 401);
      assert.equal(res.json.error, 'invalid username or password');
    }
    const blocked = await http(safe.url, 'POST', '/api/auth/login', { body: { username: 'victim', password: 'victim-Passw0rd-long' } });
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    const unknown = await http(safe.url, 'POST', '/api/auth/login', { body: { username: 'nobody', password: 'x' } });
    assert.equal(unknown.json.error, 'invalid username or password');
    // Other accounts are unaffected.
    assert.equal((await http(safe.url, 'POST', '/api/auth/login', { body: SEEDED_USERS.alice })).status, 200);
  });
});

describe('12. JWT secret', () => {
  async function forgedAdminToken(): Promise<string> {
    return new SignJWT({ username: 'admin', role: 'admin' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('1')
      .setIssuer('example-api')
      .setAudience('example-api-clients')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(WEAK_SECRET);
  }

  it('vulnerable: tokens verify with "secret123", so anyone can mint an admin token', async () => {
    await jwtVerify(tokens.vuln.bob, WEAK_SECRET);
    const res = await http(vuln.url, 'GET', '/api/admin/users', { token: await forgedAdminToken() });
    assert.equal(res.status, 200);
    const claims = decodeJwt(tokens.vuln.bob);
    assert.equal(claims.exp! - claims.iat!, 24 * 3600);
  });

  it('secure: random per-start secret, forged tokens rejected, short lifetime', async () => {
    await assert.rejects(jwtVerify(tokens.safe.bob, WEAK_SECRET));
    const res = await http(safe.url, 'GET', '/api/admin/users', { token: await forgedAdminToken() });
    assert.equal(res.status, 401);
    const claims = decodeJwt(tokens.safe.bob);
    assert.equal(claims.exp! - claims.iat!, 15 * 60);
  });
});

describe('extra: mass assignment on register and PATCH /api/users/me', () => {
  it('vulnerable: role taken from the request body', async () => {
    const reg = await register(vuln.url, 'mallory', { role: 'admin' });
    assert.equal(reg.user.role, 'admin');
    const carol = await register(vuln.url, 'carol');
    const patched = await http(vuln.url, 'PATCH', '/api/users/me', { token: carol.token, body: { role: 'admin', display_name: 'Carol' } });
    assert.equal(patched.json.role, 'admin');
    assert.equal((await http(vuln.url, 'GET', '/api/admin/users', { token: carol.token })).status, 200);
  });

  it('secure: role ignored, other fields still updated', async () => {
    const reg = await register(safe.url, 'mallory', { role: 'admin' });
    assert.equal(reg.user.role, 'user');
    const patched = await http(safe.url, 'PATCH', '/api/users/me', { token: reg.token, body: { role: 'admin', display_name: 'Mal' } });
    assert.equal(patched.status, 200);
    assert.equal(patched.json.role, 'user');
    assert.equal(patched.json.display_name, 'Mal');
  });
});

describe('extra: reflected XSS in GET /api/search', () => {
  const payload = '<script>alert(1)</script>';

  it('vulnerable: the query lands unescaped in an HTML page', async () => {
    const res = await http(vuln.url, 'GET', `/api/search?q=${encodeURIComponent(payload)}`);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.ok(res.text.includes(`Results for ${payload}`));
  });

  it('secure: JSON, never HTML', async () => {
    const res = await http(safe.url, 'GET', `/api/search?q=${encodeURIComponent(payload)}`);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.equal(res.json.query, payload);
    const mug = await http(safe.url, 'GET', '/api/search?q=mug');
    assert.deepEqual(mug.json.results.map((r: any) => r.name), ['Coffee mug']);
  });
});

describe('extra: duplicate sign-up', () => {
  const body = { username: 'bob', email: 'bob2@example.net', password: 'another-long-password' };

  it('vulnerable: the SQLite constraint error and stack in a 500', async () => {
    const res = await http(vuln.url, 'POST', '/api/auth/register', { body });
    assert.equal(res.status, 500);
    assert.equal(res.json.code, 'SQLITE_CONSTRAINT_UNIQUE');
    assert.match(res.json.stack, /SqliteError: UNIQUE constraint failed: users\.username/);
  });

  it('secure: 409 with a short message', async () => {
    const res = await http(safe.url, 'POST', '/api/auth/register', { body });
    assert.equal(res.status, 409);
    assert.deepEqual(res.json, { error: 'username or email already registered' });
  });
});

describe('extra: JWT verification (alg none, expiry)', () => {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsignedAdmin = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: '1', role: 'admin' })}.`;
  const expired = (secret: Uint8Array) =>
    new SignJWT({ username: 'bob', role: 'user' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('3')
      .setIssuer('example-api')
      .setAudience('example-api-clients')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(secret);

  it('vulnerable: unsigned tokens and expired tokens are accepted', async () => {
    assert.equal((await http(vuln.url, 'GET', '/api/admin/users', { token: unsignedAdmin })).status, 200);
    const res = await http(vuln.url, 'GET', '/api/users/me', { token: await expired(WEAK_SECRET) });
    assert.equal(res.status, 200);
    assert.equal(res.json.username, 'bob');
  });

  it('secure: both rejected (secret taken from EXAMPLE_API_JWT_SECRET here, to sign the expired token)', async () => {
    assert.equal((await http(safe.url, 'GET', '/api/admin/users', { token: unsignedAdmin })).status, 401);
    const secret = 'k'.repeat(48);
    const server = createServer(createApp({ secure: true, env: { EXAMPLE_API_JWT_SECRET: secret } }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const fresh = await login(url, SEEDED_USERS.bob);
      await jwtVerify(fresh, new TextEncoder().encode(secret));
      assert.equal((await http(url, 'GET', '/api/users/me', { token: fresh })).status, 200);
      const res = await http(url, 'GET', '/api/users/me', { token: await expired(new TextEncoder().encode(secret)) });
      assert.equal(res.status, 401);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
