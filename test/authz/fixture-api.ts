// A small API with users, owned objects and admin functions, for the authorization checks.
// `secure: false` plants BOLA, BFLA, mass assignment, an owner-or-admin role write, unauthenticated
// reads, JWT flaws, no login throttling and account enumeration; `secure: true` is the fixed twin.
// Both modes also carry the tricky negatives: a public-by-design object, a listing of only the
// caller's own objects, and an endpoint that answers 200 with an error body.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, jwtVerify, decodeProtectedHeader } from 'jose';
import { createHmac } from 'node:crypto';

export interface AuthzFixture {
  readonly url: string;
  readonly weakSecret: string;
  close(): Promise<void>;
  /** Server-side state, for assertions. */
  readonly state: { users: Map<number, User>; notes: Map<number, Note> };
}

interface User {
  id: number;
  username: string;
  password: string;
  email: string;
  role: 'user' | 'admin';
  credit: number;
  bio: string;
}
interface Note {
  id: number;
  ownerId: number;
  title: string;
  body: string;
}

export const FIXTURE_USERS = {
  alice: { username: 'alice', password: 'alice-pass-1' },
  bob: { username: 'bob', password: 'bob-pass-2' },
  admin: { username: 'admin', password: 'admin-pass-3' },
} as const;

const WEAK_SECRET = 'secret';

export async function startAuthzFixture(opts: { secure: boolean }): Promise<AuthzFixture> {
  const secure = opts.secure;
  const secret = new TextEncoder().encode(secure ? `strong-${Math.random().toString(36).repeat(4)}` : WEAK_SECRET);
  const users = new Map<number, User>();
  const notes = new Map<number, Note>();
  let nextUser = 1;
  let nextNote = 100;
  const addUser = (username: string, password: string, role: 'user' | 'admin') => {
    const u: User = { id: nextUser++, username, password, email: `${username}@example.test`, role, credit: 10, bio: '' };
    users.set(u.id, u);
    return u;
  };
  const alice = addUser('alice', FIXTURE_USERS.alice.password, 'user');
  const bob = addUser('bob', FIXTURE_USERS.bob.password, 'user');
  addUser('admin', FIXTURE_USERS.admin.password, 'admin');
  addUser('carol', 'carol-pass-4', 'user');
  for (const [owner, title] of [[alice, 'alice groceries'], [alice, 'alice diary'], [bob, 'bob todo']] as const) {
    const n = { id: nextNote++, ownerId: owner.id, title, body: `private note of ${owner.username}` };
    notes.set(n.id, n);
  }
  const failures = new Map<string, { count: number; until: number }>();

  const sign = (u: User) =>
    new SignJWT({ role: u.role, name: u.username })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(u.id))
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(secret);

  let lastClaims: Record<string, unknown> = {};
  async function caller(req: IncomingMessage): Promise<User | undefined> {
    lastClaims = {};
    const h = req.headers.authorization;
    if (!h?.startsWith('Bearer ')) return undefined;
    const token = h.slice(7);
    try {
      if (!secure) {
        // Vulnerable: accepts alg "none" and unsigned tokens, ignores exp.
        const header = decodeProtectedHeader(token);
        const [, payloadB64, sig] = token.split('.');
        if (String(header.alg).toLowerCase() === 'none' || !sig) {
          const payload = JSON.parse(Buffer.from(payloadB64!, 'base64url').toString()) as { sub?: string };
          lastClaims = payload;
          return users.get(Number(payload.sub));
        }
        const expected = createHmac('sha256', WEAK_SECRET).update(token.split('.').slice(0, 2).join('.')).digest('base64url');
        if (expected !== sig) return undefined;
        const payload = JSON.parse(Buffer.from(payloadB64!, 'base64url').toString()) as { sub?: string };
        lastClaims = payload;
        return users.get(Number(payload.sub));
      }
      const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
      return users.get(Number(payload.sub));
    } catch {
      return undefined;
    }
  }

  const json = (res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...extra });
    res.end(JSON.stringify(body));
  };
  const pub = (u: User) => ({ id: u.id, username: u.username, email: u.email, role: u.role, credit: u.credit, bio: u.bio });

  async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    try {
      const v = JSON.parse(Buffer.concat(chunks).toString() || '{}') as unknown;
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const me = await caller(req);
    let m: RegExpExecArray | null;

    if (method === 'POST' && path === '/login') {
      const b = await readBody(req);
      const key = String(b.username);
      const f = failures.get(key);
      if (secure && f && f.count >= 5) return json(res, 429, { error: 'too many attempts' }, { 'retry-after': '60' });
      const u = [...users.values()].find((x) => x.username === b.username);
      if (u && u.password === b.password) {
        failures.delete(key);
        return json(res, 200, { token: await sign(u) });
      }
      failures.set(key, { count: (f?.count ?? 0) + 1, until: 0 });
      if (!secure && !u) return json(res, 404, { error: 'no such user' });
      return json(res, 401, { error: 'invalid username or password' });
    }
    if (method === 'POST' && path === '/register') {
      const b = await readBody(req);
      if (typeof b.username !== 'string' || typeof b.password !== 'string') return json(res, 400, { error: 'username and password required' });
      if ([...users.values()].some((x) => x.username === b.username)) return json(res, 409, { error: 'taken' });
      const u = addUser(b.username, b.password, 'user');
      if (!secure && (b.role === 'admin' || b.role === 'user')) u.role = b.role;
      return json(res, 201, pub(u));
    }
    if (method === 'GET' && (m = /^\/public\/articles\/(\d+)$/.exec(path))) {
      return json(res, 200, { id: Number(m[1]), title: 'Release notes', body: 'Public by design.' });
    }
    if (method === 'GET' && path === '/status') {
      // 200 with an error body for anyone not logged in, in both modes: a tricky negative.
      if (!me) return json(res, 200, { error: 'unauthorized', message: 'log in first' });
      return json(res, 200, { ok: true, user: me.username });
    }
    if (method === 'GET' && path === '/users') {
      if (secure && !me) return json(res, 401, { error: 'unauthorized' });
      return json(res, 200, [...users.values()].map((u) => (secure ? { id: u.id, username: u.username } : pub(u))));
    }
    if (!me) return json(res, 401, { error: 'unauthorized' });
    // A catalogue every logged-in user sees in full, in both modes: nobody's object, never BOLA.
    if (method === 'GET' && path === '/products') return json(res, 200, [{ id: 1, name: 'pen' }, { id: 2, name: 'ink' }]);
    if (method === 'GET' && (m = /^\/products\/(\d+)$/.exec(path))) return json(res, 200, { id: Number(m[1]), name: Number(m[1]) === 1 ? 'pen' : 'ink' });

    if (method === 'GET' && path === '/me') return json(res, 200, pub(me));
    if (method === 'PATCH' && path === '/me') {
      const b = await readBody(req);
      if (typeof b.bio === 'string') me.bio = b.bio;
      if (typeof b.email === 'string') me.email = b.email;
      if (!secure) {
        if (b.role === 'admin' || b.role === 'user') me.role = b.role;
        if (typeof b.credit === 'number') me.credit = b.credit;
      }
      return json(res, 200, pub(me));
    }
    if (method === 'GET' && path === '/notes') {
      // Only the caller's own notes, in both modes: a listing that must not be taken for BOLA.
      return json(res, 200, [...notes.values()].filter((n) => n.ownerId === me.id));
    }
    if (method === 'POST' && path === '/notes') {
      const b = await readBody(req);
      const n = { id: nextNote++, ownerId: me.id, title: String(b.title ?? ''), body: String(b.body ?? '') };
      notes.set(n.id, n);
      return json(res, 201, n);
    }
    if ((m = /^\/notes\/(\d+)$/.exec(path))) {
      const n = notes.get(Number(m[1]));
      if (!n) return json(res, 404, { error: 'not found' });
      const allowed = n.ownerId === me.id || me.role === 'admin';
      if (secure && !allowed) return json(res, 404, { error: 'not found' });
      if (method === 'GET') return json(res, 200, n);
      if (method === 'PUT') {
        const b = await readBody(req);
        if (typeof b.title === 'string') n.title = b.title;
        if (typeof b.body === 'string') n.body = b.body;
        return json(res, 200, n);
      }
      if (method === 'DELETE') {
        notes.delete(n.id);
        res.writeHead(204).end();
        return;
      }
    }
    if (method === 'GET' && path === '/reports/revenue') {
      // Admin-only in fact (no admin word in its name): vulnerable mode forgets the role check.
      if (secure && me.role !== 'admin') return json(res, 403, { error: 'forbidden' });
      return json(res, 200, { month: '2026-10', revenue: 123456, customers: users.size });
    }
    if (method === 'GET' && path === '/admin/audit') {
      // Admin only in both modes, judged by the stored role.
      if (me.role !== 'admin') return json(res, 403, { error: 'forbidden' });
      return json(res, 200, [{ at: '2026-01-01', event: 'login', user: 'admin' }]);
    }
    if (method === 'GET' && path === '/admin/stats') {
      // Vulnerable: trusts the role claim of the token; secure: the stored role.
      const isAdmin = secure ? me.role === 'admin' : lastClaims.role === 'admin' || me.role === 'admin';
      if (!isAdmin) return json(res, 403, { error: 'forbidden' });
      return json(res, 200, { users: users.size, notes: notes.size });
    }
    if (method === 'GET' && path === '/admin/users') {
      if (secure && me.role !== 'admin') return json(res, 403, { error: 'forbidden' });
      return json(res, 200, [...users.values()].map(pub));
    }
    if ((m = /^\/admin\/users\/(\d+)$/.exec(path)) && method === 'PUT') {
      const target = users.get(Number(m[1]));
      if (!target) return json(res, 404, { error: 'not found' });
      // Vulnerable: "the owner or an admin", copied from the profile handler, then writes role.
      const ok = secure ? me.role === 'admin' : me.role === 'admin' || me.id === target.id;
      if (!ok) return json(res, 403, { error: 'forbidden' });
      const b = await readBody(req);
      if (b.role === 'admin' || b.role === 'user') target.role = b.role;
      if (typeof b.bio === 'string') target.bio = b.bio;
      return json(res, 200, pub(target));
    }
    json(res, 404, { error: 'not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    weakSecret: WEAK_SECRET,
    state: { users, notes },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** The fixture's OpenAPI 3.1 document (as an object), for loading into a surface. */
export const FIXTURE_SPEC = {
  openapi: '3.1.0',
  info: { title: 'authz fixture', version: '1.0.0' },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    schemas: {
      User: { type: 'object', properties: { id: { type: 'integer' }, username: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, credit: { type: 'integer' }, bio: { type: 'string' } } },
      UserUpdate: { type: 'object', properties: { bio: { type: 'string' }, email: { type: 'string' } } },
      Note: { type: 'object', properties: { id: { type: 'integer' }, ownerId: { type: 'integer' }, title: { type: 'string' }, body: { type: 'string' } } },
      NoteInput: { type: 'object', properties: { title: { type: 'string' }, body: { type: 'string' } } },
    },
  },
  security: [{ bearer: [] }],
  paths: {
    '/login': { post: { operationId: 'login', security: [], requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { username: { type: 'string' }, password: { type: 'string', format: 'password' } } } } } }, responses: { '200': { description: 'token' }, '401': { description: 'bad credentials' } } } },
    '/register': { post: { operationId: 'register', security: [], requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { username: { type: 'string' }, password: { type: 'string' } } } } } }, responses: { '201': { description: 'created' } } } },
    '/public/articles/{id}': { get: { operationId: 'getArticle', security: [], 'x-rampart-public': true, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: { '200': { description: 'article' } } } },
    '/products': { get: { operationId: 'listProducts', responses: { '200': { description: 'catalogue' } } } },
    '/products/{id}': { get: { operationId: 'getProduct', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: { '200': { description: 'product' } } } },
    '/reports/revenue': { get: { operationId: 'revenueReport', responses: { '200': { description: 'revenue' } } } },
    '/status': { get: { operationId: 'status', responses: { '200': { description: 'status' } } } },
    '/users': { get: { operationId: 'listUsers', responses: { '200': { description: 'users', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/User' } } } } } } } },
    '/me': {
      get: { operationId: 'getMe', responses: { '200': { description: 'me', content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } } } } },
      patch: { operationId: 'updateMe', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/UserUpdate' } } } }, responses: { '200': { description: 'me', content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } } } } },
    },
    '/notes': {
      get: { operationId: 'listNotes', responses: { '200': { description: 'own notes' } } },
      post: { operationId: 'createNote', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/NoteInput' } } } }, responses: { '201': { description: 'created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } } } } },
    },
    '/notes/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      get: { operationId: 'getNote', responses: { '200': { description: 'note', content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } } } } },
      put: { operationId: 'updateNote', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/NoteInput' } } } }, responses: { '200': { description: 'note' } } },
      delete: { operationId: 'deleteNote', responses: { '204': { description: 'deleted' } } },
    },
    '/admin/audit': { get: { operationId: 'adminAudit', tags: ['admin'], responses: { '200': { description: 'audit log' }, '403': { description: 'forbidden' } } } },
    '/admin/stats': { get: { operationId: 'adminStats', tags: ['admin'], responses: { '200': { description: 'stats' }, '403': { description: 'forbidden' } } } },
    '/admin/users': { get: { operationId: 'adminListUsers', tags: ['admin'], responses: { '200': { description: 'all users' }, '403': { description: 'forbidden' } } } },
    '/admin/users/{id}': { put: { operationId: 'adminUpdateUser', tags: ['admin'], parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { role: { type: 'string', enum: ['user', 'admin'] }, bio: { type: 'string' } } } } } }, responses: { '200': { description: 'user' }, '403': { description: 'forbidden' } } } },
  },
} as const;
