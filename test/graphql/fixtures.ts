/**
 * GraphQL fixture servers on the `graphql` reference implementation over node:http: a vulnerable
 * one (introspection, suggestions, no limits, array batching, GET/form/text-plain, GraphiQL,
 * tracing and stack traces, sensitive fields, SQL built from an argument, resolvers without
 * ownership or role checks) and a hardened twin of the same API. Identities: bearer tokens
 * `alice-token`, `bob-token` (users) and `admin-token` (admin).
 */
import Database from 'better-sqlite3';
import { GraphQLError, Kind, NoSchemaIntrospectionCustomRule, buildSchema, execute, parse, specifiedRules, validate } from 'graphql';
import type { ASTVisitor, DocumentNode, ExecutionResult, GraphQLSchema, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startServer } from '../harness/scan.js';
import type { TestServer } from '../harness/scan.js';

const SENSITIVE_USER_FIELDS = `
  password: String
  apiToken: String
  ssn: String`;

/** The fixture's schema as SDL (what a user would give in the `sdl` option). */
export function sdl(hardened: boolean): string {
  return `
interface Node { id: ID! }
type User implements Node {
  id: ID!
  username: String!
  email: String!
  role: String!${hardened ? '' : SENSITIVE_USER_FIELDS}
  friends: [User!]!
  notes: [Note!]!
}
type Note implements Node { id: ID! title: String! body: String! owner: User! }
type Product implements Node { id: ID! name: String! price: Float! }
type AuthPayload { ok: Boolean! token: String }
type Query {
  me: User
  user(id: ID!): User
  note(id: ID!): Note
  node(id: ID!): Node
  notes: [Note!]!
  users: [User!]!
  products(first: Int): [Product!]!
  searchUsers(name: String!): [User!]!
  health: String!
}
type Mutation {
  login(username: String!, password: String!): AuthPayload!
  verifyOtp(code: String!): Boolean!
  createNote(title: String!, body: String!): Note
  updateNote(id: ID!, title: String!): Note
  deleteUser(id: ID!): Boolean
  setRole(userId: ID!, role: String!): User
}`;
}

interface UserRow { id: string; username: string; email: string; role: string; password: string; apiToken: string; ssn: string; friends: string[] }
interface NoteRow { id: string; title: string; body: string; ownerId: string }

const TOKENS: Record<string, string> = { 'alice-token': '1', 'bob-token': '2', 'admin-token': '3' };

export interface GraphqlFixture extends TestServer {
  /** Requests that reached the GraphQL executor, with the number of operations each carried. */
  readonly executed: number[];
}

export interface FixtureOptions {
  readonly hardened: boolean;
  /** Introspection on (default: on when vulnerable, off when hardened). */
  readonly introspection?: boolean;
  /** Path of the endpoint (default `/graphql`). */
  readonly path?: string;
}

class Api {
  readonly users: UserRow[] = [
    { id: '1', username: 'alice', email: 'alice@example.test', role: 'user', password: 'alice-pass', apiToken: 'tok-alice-1', ssn: '078-05-1120', friends: ['2'] },
    { id: '2', username: 'bob', email: 'bob@example.test', role: 'user', password: 'bob-pass', apiToken: 'tok-bob-2', ssn: '219-09-9999', friends: ['1'] },
    { id: '3', username: 'admin', email: 'admin@example.test', role: 'admin', password: 'admin-pass', apiToken: 'tok-admin-3', ssn: '457-55-5462', friends: [] },
  ];
  readonly notes: NoteRow[] = [
    { id: '11', title: 'alice diary', body: 'alice private text', ownerId: '1' },
    { id: '12', title: 'bob diary', body: 'bob private text', ownerId: '2' },
  ];
  readonly db = new Database(':memory:');
  constructor(readonly hardened: boolean) {
    this.db.exec('CREATE TABLE users (id TEXT, username TEXT, email TEXT)');
    for (const u of this.users) this.db.prepare('INSERT INTO users VALUES (?, ?, ?)').run(u.id, u.username, u.email);
  }
  user(id: string, viewer: UserRow | undefined): Record<string, unknown> | null {
    const u = this.users.find((x) => x.id === id);
    if (!u) return null;
    return {
      __typename: 'User',
      id: u.id,
      username: u.username,
      email: u.email,
      role: u.role,
      password: u.password,
      apiToken: u.apiToken,
      ssn: u.ssn,
      friends: () => u.friends.map((f) => this.user(f, viewer)).filter(Boolean),
      notes: () => this.notes.filter((n) => n.ownerId === u.id && (!this.hardened || viewer?.id === u.id)).map((n) => this.note(n.id, viewer)),
    };
  }
  note(id: string, viewer: UserRow | undefined): Record<string, unknown> | null {
    const n = this.notes.find((x) => x.id === id);
    if (!n) return null;
    return { __typename: 'Note', id: n.id, title: n.title, body: n.body, owner: () => this.user(n.ownerId, viewer) };
  }
}

interface Ctx { viewer?: UserRow; api: Api }

function needUser(c: Ctx): UserRow {
  if (!c.viewer) throw new GraphQLError('Not authenticated', { extensions: { code: 'UNAUTHENTICATED' } });
  return c.viewer;
}
function needAdmin(c: Ctx): UserRow {
  const v = needUser(c);
  if (v.role !== 'admin') throw new GraphQLError('Forbidden: admin role required', { extensions: { code: 'FORBIDDEN' } });
  return v;
}

function rootValue(api: Api): Record<string, unknown> {
  const h = api.hardened;
  const canSee = (c: Ctx, ownerId: string) => !h || c.viewer?.role === 'admin' || c.viewer?.id === ownerId;
  return {
    me: (_: unknown, c: Ctx) => api.user(needUser(c).id, c.viewer),
    user: ({ id }: { id: string }, c: Ctx) => {
      if (h) needUser(c);
      return canSee(c, id) ? api.user(id, c.viewer) : null;
    },
    note: ({ id }: { id: string }, c: Ctx) => {
      if (h) needUser(c);
      const n = api.notes.find((x) => x.id === id);
      if (!n) throw new GraphQLError(`Note ${id} not found`);
      return canSee(c, n.ownerId) ? api.note(id, c.viewer) : null;
    },
    node: ({ id }: { id: string }, c: Ctx) => {
      if (h) needUser(c);
      const n = api.notes.find((x) => x.id === id);
      if (n) return canSee(c, n.ownerId) ? api.note(id, c.viewer) : null;
      if (api.users.some((u) => u.id === id)) return canSee(c, id) ? api.user(id, c.viewer) : null;
      return null;
    },
    notes: (_: unknown, c: Ctx) => api.notes.filter((n) => n.ownerId === needUser(c).id).map((n) => api.note(n.id, c.viewer)),
    users: (_: unknown, c: Ctx) => {
      if (h) needAdmin(c);
      return api.users.map((u) => api.user(u.id, c.viewer));
    },
    products: ({ first }: { first?: number }) => {
      if (h && first !== undefined && first > 100) throw new GraphQLError('Query cost limit exceeded: first must be at most 100', { extensions: { code: 'COST_LIMIT' } });
      return [
        { __typename: 'Product', id: 'p1', name: 'Lamp', price: 10 },
        { __typename: 'Product', id: 'p2', name: 'Desk', price: 99.5 },
      ].slice(0, first ?? 50);
    },
    searchUsers: ({ name }: { name: string }) => {
      const rows = h
        ? (api.db.prepare('SELECT id FROM users WHERE username = ?').all(name) as { id: string }[])
        : (api.db.prepare(`SELECT id FROM users WHERE username = '${name}'`).all() as { id: string }[]);
      return rows.map((r) => api.user(r.id, undefined));
    },
    health: () => 'ok',
    login: ({ username, password }: { username: string; password: string }) => {
      const u = api.users.find((x) => x.username === username && x.password === password);
      return { ok: Boolean(u), token: u ? Object.keys(TOKENS).find((t) => TOKENS[t] === u.id) : null };
    },
    verifyOtp: ({ code }: { code: string }) => code === '424242',
    createNote: ({ title, body }: { title: string; body: string }, c: Ctx) => {
      const v = needUser(c);
      const id = String(100 + api.notes.length);
      api.notes.push({ id, title, body, ownerId: v.id });
      return api.note(id, c.viewer);
    },
    updateNote: ({ id, title }: { id: string; title: string }, c: Ctx) => {
      if (h) needUser(c);
      const n = api.notes.find((x) => x.id === id);
      if (!n || !canSee(c, n.ownerId)) return null;
      n.title = title;
      return api.note(id, c.viewer);
    },
    deleteUser: ({ id }: { id: string }, c: Ctx) => {
      if (h) needAdmin(c);
      else needUser(c);
      return api.users.some((u) => u.id === id);
    },
    setRole: ({ userId }: { userId: string }, c: Ctx) => {
      if (h) needAdmin(c);
      else needUser(c);
      return api.user(userId, c.viewer);
    },
  };
}

// --- hardened validation rules (what graphql-armor and friends do) ---

function depthOf(sel: SelectionSetNode | undefined, fragments: Map<string, SelectionSetNode>, seen = 0): number {
  if (!sel || seen > 200) return 0;
  let max = 0;
  for (const s of sel.selections) {
    if (s.kind === Kind.FIELD) max = Math.max(max, s.selectionSet ? 1 + depthOf(s.selectionSet, fragments, seen + 1) : 1);
    else if (s.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, depthOf(s.selectionSet, fragments, seen + 1));
    else max = Math.max(max, depthOf(fragments.get(s.name.value), fragments, seen + 1));
  }
  return max;
}

function limitsRule(limits: { depth: number; aliases: number; directives: number; sensitiveOnce: readonly string[] }): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const doc = context.getDocument();
    const fragments = new Map<string, SelectionSetNode>();
    for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
    let aliases = 0;
    let directives = 0;
    const counts = new Map<string, number>();
    return {
      OperationDefinition(node) {
        const d = depthOf(node.selectionSet, fragments);
        if (d > limits.depth) context.reportError(new GraphQLError(`Query depth ${d} exceeds the maximum depth of ${limits.depth}`));
      },
      Field(node) {
        if (node.alias) aliases++;
        counts.set(node.name.value, (counts.get(node.name.value) ?? 0) + 1);
      },
      Directive() {
        directives++;
      },
      Document: {
        leave() {
          if (aliases > limits.aliases) context.reportError(new GraphQLError(`Aliases limit of ${limits.aliases} exceeded, found ${aliases}`));
          if (directives > limits.directives) context.reportError(new GraphQLError(`Directives limit of ${limits.directives} exceeded, found ${directives}`));
          for (const f of limits.sensitiveOnce) if ((counts.get(f) ?? 0) > 1) context.reportError(new GraphQLError(`${f} may be called once per request (limit exceeded)`));
        },
      },
    };
  };
}

const GRAPHIQL_PAGE = '<!doctype html><html><head><title>GraphiQL</title><link rel="stylesheet" href="https://unpkg.com/graphiql/graphiql.min.css"></head><body><div id="graphiql">Loading...</div><script src="https://unpkg.com/graphiql/graphiql.min.js"></script><script>GraphiQL.createFetcher({ url: "/graphql" });</script></body></html>';

interface GqlBody { query?: unknown; variables?: unknown; operationName?: unknown }

function formatError(e: GraphQLError, hardened: boolean): Record<string, unknown> {
  if (hardened) {
    const original = e.originalError && !(e.originalError instanceof GraphQLError);
    return { message: original ? 'Internal server error' : e.message.replace(/ Did you mean .*$/s, ''), ...(e.path ? { path: e.path } : {}) };
  }
  const j = e.toJSON() as unknown as Record<string, unknown>;
  const stack = (e.originalError ?? e).stack ?? '';
  return { ...j, extensions: { ...(e.extensions ?? {}), exception: { stacktrace: stack.split('\n').slice(0, 8) } } };
}

function runOne(schema: GraphQLSchema, api: Api, body: GqlBody, viewer: UserRow | undefined, opts: { getRequest: boolean; introspection: boolean }): ExecutionResult & { extensions?: Record<string, unknown> } | { status: number; errors: { message: string }[] } {
  const h = api.hardened;
  if (typeof body.query !== 'string') return { status: 400, errors: [{ message: 'Must provide query string.' }] };
  let doc: DocumentNode;
  try {
    doc = parse(body.query, { maxTokens: h ? 2000 : undefined });
  } catch (e) {
    return { errors: [formatError(e as GraphQLError, h) as unknown as GraphQLError] };
  }
  const ops = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (h && ops.length > 1) return { errors: [new GraphQLError(`Only one operation per document is allowed (found ${ops.length}): limit exceeded`)] };
  const rules = [...specifiedRules, ...(opts.introspection ? [] : [NoSchemaIntrospectionCustomRule]), ...(h ? [limitsRule({ depth: 6, aliases: 15, directives: 50, sensitiveOnce: ['login', 'verifyOtp'] })] : [])];
  const errors = validate(schema, doc, rules, { maxErrors: 100 });
  if (errors.length > 0) return { status: 400, errors: errors.map((e) => formatError(e, h) as unknown as GraphQLError) };
  const opName = typeof body.operationName === 'string' ? body.operationName : undefined;
  const op = ops.find((o) => o.kind === Kind.OPERATION_DEFINITION && (!opName || o.name?.value === opName));
  if (opts.getRequest && op && op.kind === Kind.OPERATION_DEFINITION && op.operation === 'mutation' && h) return { status: 405, errors: [{ message: 'Mutations are not allowed over GET' }] };
  const started = Date.now();
  const result = execute({ schema, document: doc, rootValue: rootValue(api), contextValue: { viewer, api }, variableValues: (body.variables as Record<string, unknown> | undefined) ?? undefined, operationName: opName }) as ExecutionResult;
  const out: ExecutionResult & { extensions?: Record<string, unknown> } = { ...result };
  if (result.errors) out.errors = result.errors.map((e) => formatError(e, h) as unknown as GraphQLError);
  if (!h) out.extensions = { tracing: { version: 1, startTime: new Date(started).toISOString(), endTime: new Date().toISOString(), duration: (Date.now() - started) * 1e6, execution: { resolvers: [] } } };
  return out;
}

/** Start the vulnerable (`hardened: false`) or hardened GraphQL API. */
export async function startGraphqlApi(o: FixtureOptions): Promise<GraphqlFixture> {
  const api = new Api(o.hardened);
  const schema = buildSchema(sdl(o.hardened));
  const path = o.path ?? '/graphql';
  const executed: number[] = [];
  const introspection = o.introspection ?? !o.hardened;
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(body));
  };
  const server = await startServer((req: IncomingMessage, res: ServerResponse, raw: string) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const viewer = token && TOKENS[token] ? api.users.find((u) => u.id === TOKENS[token]) : undefined;
    if (!o.hardened && (url.pathname === '/graphiql' || (url.pathname === path && req.method === 'GET' && !url.searchParams.has('query') && /text\/html/.test(req.headers.accept ?? '')))) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(GRAPHIQL_PAGE);
      return;
    }
    if (url.pathname !== path) return send(res, 404, { error: 'not found' });
    let body: unknown;
    const ct = (req.headers['content-type'] ?? '').toLowerCase();
    if (req.method === 'GET') {
      if (o.hardened) return send(res, 405, { errors: [{ message: 'Use POST with application/json' }] });
      let variables: unknown;
      try {
        variables = url.searchParams.get('variables') ? JSON.parse(url.searchParams.get('variables')!) : undefined;
      } catch {}
      body = { query: url.searchParams.get('query') ?? undefined, variables, operationName: url.searchParams.get('operationName') ?? undefined };
    } else if (req.method === 'POST') {
      if (o.hardened && !ct.startsWith('application/json')) return send(res, 415, { errors: [{ message: 'Content-Type must be application/json' }] });
      try {
        if (ct.startsWith('application/x-www-form-urlencoded')) {
          const f = new URLSearchParams(raw);
          body = { query: f.get('query') ?? undefined, variables: f.get('variables') ? JSON.parse(f.get('variables')!) : undefined, operationName: f.get('operationName') ?? undefined };
        } else if (ct.startsWith('application/graphql')) body = { query: raw };
        else body = JSON.parse(raw);
      } catch {
        return send(res, 400, { errors: [{ message: 'Malformed request body' }] });
      }
    } else return send(res, 405, { errors: [{ message: 'Method not allowed' }] });
    if (Array.isArray(body)) {
      if (o.hardened) return send(res, 400, { errors: [{ message: 'Batching is not supported (batch limit exceeded)' }] });
      executed.push(body.length);
      return send(res, 200, body.map((b) => runOne(schema, api, (b ?? {}) as GqlBody, viewer, { getRequest: false, introspection })));
    }
    executed.push(1);
    const r = runOne(schema, api, (body ?? {}) as GqlBody, viewer, { getRequest: req.method === 'GET', introspection });
    const { status, ...rest } = r as { status?: number };
    return send(res, status ?? 200, rest);
  });
  return Object.assign(server, { executed });
}

export type HostileMode = 'garbage' | 'huge' | 'errors' | 'slow';

/**
 * A server that answers `{ __typename }` and introspection-free discovery like a GraphQL server,
 * then misbehaves on anything bigger: invalid JSON, a huge body, endless errors or slow answers.
 */
export function startHostileGraphql(mode: HostileMode): Promise<TestServer> {
  return startServer(async (req, res, raw) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/graphql') {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    const small = raw.length < 60 && /__typename/.test(raw) && !/mutation/.test(raw);
    if (small) return res.end(JSON.stringify({ data: { __typename: 'Query' } }));
    if (mode === 'garbage') return res.end('{"data": {"__typename": "Query", oops');
    if (mode === 'huge') {
      const chunk = 'x'.repeat(64 * 1024);
      res.write('{"data":{"__typename":"');
      for (let i = 0; i < 200 && !res.destroyed; i++) if (!res.write(chunk)) await new Promise((r) => setTimeout(r, 1));
      return res.end('"}}');
    }
    if (mode === 'slow') await new Promise((r) => setTimeout(r, 400));
    res.end(JSON.stringify({ errors: [{ message: 'Something went wrong' }] }));
  });
}
