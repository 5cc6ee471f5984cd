/**
 * A small API with every misconfiguration, data-exposure and input-handling flaw the core scan
 * checks look for (`secure: false`), and its fixed twin (`secure: true`). Loopback only.
 */
import { startServer } from '../harness/scan.js';
import type { TestServer } from '../harness/scan.js';
import { op, surfaceOf } from '../harness/scan.js';
import type { ApiSurface } from '../../src/surface/model.js';

const USERS = [
  { id: 1, username: 'alice', email: 'alice@example.com', phone: '+15555550101' },
  { id: 2, username: 'bob', email: 'bob@example.com', phone: '+15555550102' },
];
const TOKENS: Record<string, number> = { 'tok-alice-0001': 1, 'tok-bob-0002': 2 };

const BCRYPT = '$2b$10$abcdefghijklmnopqrstuuSWbW0zqCNQhxlqL1KJZbUvYEgXgX0Wq';
const SPEC = JSON.stringify({ openapi: '3.0.3', info: { title: 'Fixture', version: '1' }, paths: { '/api/users': { get: { responses: { '200': { description: 'ok' } } } }, '/api/items': { post: { responses: { '200': { description: 'ok' } } } } } });

function nest(v: unknown, d = 0): number {
  // a naive recursive walker: deep input overflows the stack in the vulnerable twin
  if (Array.isArray(v)) return 1 + Math.max(0, ...v.map((x) => nest(x, d + 1)));
  return 0;
}

export function startMisconfiguredApi(opts: { secure: boolean }): Promise<TestServer> {
  const secure = opts.secure;
  return startServer(async (req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const origin = req.headers.origin;
    const auth = String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const me = USERS.find((u) => u.id === TOKENS[auth]);
    if (secure) {
      res.setHeader('x-content-type-options', 'nosniff');
      if (origin === 'https://app.example.com') {
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('access-control-allow-credentials', 'true');
      }
    } else {
      res.setHeader('x-powered-by', 'Express/4.17.1');
      res.setHeader('server', 'nginx/1.18.0');
      if (origin) {
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('access-control-allow-credentials', 'true');
      }
    }
    const json = (status: number, v: unknown, type = 'application/json') => {
      res.statusCode = status;
      res.setHeader('content-type', type);
      if (secure && me) res.setHeader('cache-control', 'no-store');
      res.end(JSON.stringify(v));
    };
    const crash = (err: Error) => {
      res.statusCode = 500;
      res.setHeader('content-type', 'text/plain');
      res.end(`${err.stack}`);
    };
    if (req.method === 'OPTIONS') {
      if (!secure && origin) {
        res.setHeader('access-control-allow-methods', String(req.headers['access-control-request-method'] ?? 'GET'));
        res.setHeader('access-control-allow-headers', String(req.headers['access-control-request-headers'] ?? ''));
      }
      res.statusCode = 204;
      return res.end();
    }
    if (req.method === 'TRACE') {
      if (secure) return json(405, { error: 'method not allowed' });
      res.setHeader('content-type', 'message/http');
      return res.end(`TRACE ${req.url} HTTP/1.1\r\n${Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
    }
    if (!secure) {
      if (path === '/.env') return res.end('DATABASE_URL=postgres://app:pw@db/app\nJWT_SECRET=abc123\n');
      if (path === '/.git/config') return res.end('[core]\n\trepositoryformatversion = 0\n\tbare = false\n');
      if (path === '/metrics') return res.end('# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\nhttp_requests_total 3\n');
      if (path === '/openapi.json') return json(200, JSON.parse(SPEC));
    }
    if (path === '/app') {
      res.setHeader('content-type', 'text/html');
      if (secure) res.setHeader('content-security-policy', "default-src 'self'; frame-ancestors 'none'");
      return res.end('<!doctype html><title>App</title><p>hello</p>');
    }
    if (path === '/api/legacy' && req.method === 'GET') return json(200, { ok: true, items: [1, 2] }, secure ? 'application/json' : 'text/html');
    if (path === '/api/auth/login' && req.method === 'POST') {
      const b = JSON.parse(body || '{}') as { username?: string };
      const u = USERS.find((x) => x.username === b.username);
      if (!u) return json(401, { error: 'bad credentials' });
      return json(200, { token: Object.keys(TOKENS).find((t) => TOKENS[t] === u.id) });
    }
    if (path === '/api/users' && req.method === 'GET') {
      if (!me) return json(401, { error: 'unauthorized' });
      return json(200, secure ? [{ id: me.id, username: me.username }] : USERS);
    }
    const m = /^\/api\/users\/(\d+)$/.exec(path);
    if (m && req.method === 'GET') {
      if (!me) return json(401, { error: 'unauthorized' });
      const u = USERS.find((x) => x.id === Number(m[1]));
      if (!u || (secure && u.id !== me.id)) return json(404, { error: 'not found' });
      return json(200, secure ? { id: u.id, username: u.username, email: u.email } : { ...u, password_hash: BCRYPT, card: '4111 1111 1111 1111', ssn: '123-45-6789', backend: 'http://10.0.3.7:8080/users', internal_notes: 'vip' });
    }
    if (path === '/api/items' && req.method === 'POST') {
      const ct = String(req.headers['content-type'] ?? '');
      if (/xml/.test(ct)) {
        if (secure) return json(415, { error: 'unsupported media type' });
        const ents = new Map<string, string>();
        for (const e of body.matchAll(/<!ENTITY (\w+) "([^"]*)">/g)) ents.set(e[1]!, e[2]!);
        const fields: Record<string, string> = {};
        for (const f of body.replace(/<!DOCTYPE[\s\S]*?\]>/, '').matchAll(/<(\w+)>([^<]*)<\/\1>/g)) fields[f[1]!] = f[2]!.replace(/&(\w+);/g, (_x, n: string) => ents.get(n) ?? '');
        return json(201, fields);
      }
      let v: { name?: unknown; count?: unknown; tags?: unknown };
      try {
        v = JSON.parse(body);
      } catch (err) {
        if (secure) return json(400, { error: 'invalid JSON' });
        return crash(err as Error);
      }
      if (secure) {
        if (!v || typeof v !== 'object' || Array.isArray(v) || typeof v.name !== 'string' || v.name.length > 200) return json(400, { error: 'invalid body' });
        if (v.count !== undefined && typeof v.count !== 'number') return json(400, { error: 'invalid body' });
        if (v.tags !== undefined && (!Array.isArray(v.tags) || v.tags.length > 100)) return json(400, { error: 'invalid body' });
        return json(201, { id: 7, name: v.name });
      }
      try {
        nest(v);
        if (Array.isArray(v.tags) && v.tags.length > 10_000) await new Promise((r) => setTimeout(r, 2600));
        if (typeof v.name === 'string' && v.name.length > 50_000) throw new Error('value too long for type character varying(255)');
        return json(201, { id: 7, name: (v.name as string).toUpperCase() });
      } catch (err) {
        return crash(err as Error);
      }
    }
    if (path === '/api/search' && req.method === 'GET') {
      const limit = url.searchParams.get('limit') ?? '10';
      if (!/^\d+$/.test(limit)) {
        if (secure) return json(400, { error: 'limit must be a number' });
        res.statusCode = 500;
        return res.end(`SQLSTATE[22P02]: Invalid text representation: invalid input syntax for type integer: "${limit}"`);
      }
      return json(200, { results: [] });
    }
    json(404, { error: 'not found' });
  });
}

/** The fixture's operations, as an OpenAPI loader would give them. */
export function misconfiguredSurface(): ApiSurface {
  return surfaceOf([
    op('GET', '/api/users', { responses: { '200': { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, username: { type: 'string' }, email: { type: 'string' }, phone: { type: 'string' } } } } } }),
    op('GET', '/api/users/{id}', { responses: { '200': { type: 'object', properties: { id: { type: 'integer' }, username: { type: 'string' }, email: { type: 'string' }, phone: { type: 'string' } } } } }),
    op('POST', '/api/items', {
      body: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, count: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } } },
    }),
    op('GET', '/api/search', { query: ['q', { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 50 } }] }),
    op('GET', '/api/legacy'),
    op('GET', '/app'),
  ]);
}

/** Two users logging in through the fixture's login endpoint. */
export const FIXTURE_IDENTITIES = {
  alice: { type: 'login', request: { url: '/api/auth/login', body: { username: 'alice', password: 'x' } }, token: { pointer: '/token' } },
  bob: { type: 'login', request: { url: '/api/auth/login', body: { username: 'bob', password: 'x' } }, token: { pointer: '/token' } },
} as const;
