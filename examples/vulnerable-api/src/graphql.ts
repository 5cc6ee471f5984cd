// POST/GET /graphql: the shop's GraphQL endpoint, vulnerable mode only (the secure twin has none).
// Flaws on purpose: introspection and field suggestions on, no depth/alias/batch/cost limits,
// array batching and GET/form/text-plain requests accepted (CSRF), stack traces in errors, the
// password hash in the User type, SQL built from an argument, and a note resolver without an
// ownership check.
import express, { type Express, type Request, type Response } from 'express';
import { GraphQLError, buildSchema, execute, parse, specifiedRules, validate } from 'graphql';
import type { DocumentNode, ExecutionResult } from 'graphql';
import type { RouteContext } from './context.js';
import type { UserRow } from './db.js';
import { verifyPassword } from './passwords.js';

const SDL = `
type User { id: ID! username: String! email: String! role: String! passwordHash: String! notes: [Note!]! }
type Note { id: ID! title: String! body: String! owner: User }
type Product { id: ID! name: String! description: String! priceCents: Int! }
type Query {
  me: User
  user(id: ID!): User
  note(id: ID!): Note
  notes: [Note!]!
  products(first: Int): [Product!]!
  searchProducts(name: String!): [Product!]!
}
type Mutation { login(username: String!, password: String!): Boolean! }
`;

interface NoteRow { id: number; owner_id: number; title: string; body: string }
interface ProductRow { id: number; name: string; description: string; price_cents: number }

function resolvers(ctx: RouteContext, viewer: UserRow | undefined): Record<string, unknown> {
  const { db } = ctx;
  const user = (row: UserRow | undefined): Record<string, unknown> | null =>
    row
      ? { id: row.id, username: row.username, email: row.email, role: row.role, passwordHash: row.password_hash, notes: () => (db.prepare('SELECT * FROM notes WHERE owner_id = ?').all(row.id) as NoteRow[]).map(note) }
      : null;
  const note = (row: NoteRow): Record<string, unknown> => ({ id: row.id, title: row.title, body: row.body, owner: () => user(db.prepare('SELECT * FROM users WHERE id = ?').get(row.owner_id) as UserRow | undefined) });
  const product = (p: ProductRow) => ({ id: p.id, name: p.name, description: p.description, priceCents: p.price_cents });
  const needUser = (): UserRow => {
    if (!viewer) throw new GraphQLError('authentication required', { extensions: { code: 'UNAUTHENTICATED' } });
    return viewer;
  };
  return {
    me: () => user(needUser()),
    user: ({ id }: { id: string }) => {
      needUser();
      return user(db.prepare('SELECT * FROM users WHERE id = ?').get(Number(id)) as UserRow | undefined);
    },
    // flaw: any signed-in user reads any note
    note: ({ id }: { id: string }) => {
      needUser();
      const row = db.prepare('SELECT * FROM notes WHERE id = ?').get(Number(id)) as NoteRow | undefined;
      if (!row) throw new GraphQLError(`note ${id} not found`);
      return note(row);
    },
    notes: () => (db.prepare('SELECT * FROM notes WHERE owner_id = ? ORDER BY id').all(needUser().id) as NoteRow[]).map(note),
    // flaw: no page-size cap
    products: ({ first }: { first?: number }) => (db.prepare('SELECT * FROM products ORDER BY id LIMIT ?').all(first ?? 50) as ProductRow[]).map(product),
    // flaw: SQL text built from the argument
    searchProducts: ({ name }: { name: string }) => (db.prepare(`SELECT * FROM products WHERE name LIKE '%${name}%'`).all() as ProductRow[]).map(product),
    // flaw: no attempt counting, and any number of attempts per request (aliases, batches)
    login: ({ username, password }: { username: string; password: string }) => {
      const row = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
      return row ? verifyPassword(password, row.password_hash) : false;
    },
  };
}

interface Body { query?: unknown; variables?: unknown; operationName?: unknown }

function formatError(e: GraphQLError): Record<string, unknown> {
  const stack = (e.originalError ?? e).stack ?? '';
  return { ...(e.toJSON() as unknown as Record<string, unknown>), extensions: { ...(e.extensions ?? {}), exception: { stacktrace: stack.split('\n').slice(0, 6) } } };
}

/** Mount `/graphql` (vulnerable mode only; the secure twin answers 404). */
export function registerGraphql(app: Express, ctx: RouteContext): void {
  if (ctx.config.secure) return;
  const schema = buildSchema(SDL);
  const runOne = (b: Body, viewer: UserRow | undefined): ExecutionResult | Record<string, unknown> => {
    if (typeof b.query !== 'string') return { errors: [{ message: 'Must provide query string.' }] };
    let doc: DocumentNode;
    try {
      doc = parse(b.query);
    } catch (e) {
      return { errors: [formatError(e as GraphQLError)] };
    }
    const errors = validate(schema, doc, specifiedRules);
    if (errors.length > 0) return { errors: errors.map(formatError) };
    let variables: Record<string, unknown> | undefined;
    try {
      variables = typeof b.variables === 'string' ? (JSON.parse(b.variables) as Record<string, unknown>) : (b.variables as Record<string, unknown> | undefined);
    } catch {}
    const r = execute({ schema, document: doc, rootValue: resolvers(ctx, viewer), variableValues: variables, operationName: typeof b.operationName === 'string' ? b.operationName : undefined }) as ExecutionResult;
    return { ...r, ...(r.errors ? { errors: r.errors.map(formatError) } : {}) };
  };
  const handle = (req: Request, res: Response) => {
    let body: unknown = req.method === 'GET' ? { query: req.query.query, variables: req.query.variables, operationName: req.query.operationName } : req.body;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        res.status(400).json({ errors: [{ message: 'Malformed request body' }] });
        return;
      }
    }
    const viewer = res.locals.user as UserRow | undefined;
    if (Array.isArray(body)) res.json(body.map((b) => runOne((b ?? {}) as Body, viewer)));
    else res.json(runOne((body ?? {}) as Body, viewer));
  };
  app.use('/graphql', express.urlencoded({ extended: false, limit: '100kb' }), express.text({ type: 'text/plain', limit: '100kb' }), (req, res, next) => {
    if (req.path !== '/' || (req.method !== 'GET' && req.method !== 'POST')) {
      next();
      return;
    }
    if (req.get('authorization') === undefined) {
      handle(req, res);
      return;
    }
    void Promise.resolve(ctx.requireAuth(req, res, () => handle(req, res)));
  });
}
