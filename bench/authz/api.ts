// A generated API for the authorization benchmark: 200 operations over owned resources (top-level
// and nested), read-only resources, public-by-design objects, administrative functions and a few
// odd endpoints, with planted BOLA, BFLA and mass-assignment flaws and as many safe look-alikes.
// Everything is decided by a seeded generator: the same seed gives the same API, spec and truth.
//
// Users: alice and bob (role user), carol (role user, owns objects, never logs in) and admin.
// `POST /login` with `{ username, password }` answers `{ token }` (an opaque random bearer token).
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { seededRandom } from '../../src/core/random.js';

export type FlawKind = 'bola' | 'bfla' | 'mass-assignment' | 'privilege-escalation';

export const USERS = {
  alice: { username: 'alice', password: 'alice-Secret-1', role: 'user' },
  bob: { username: 'bob', password: 'bob-Secret-2', role: 'user' },
  admin: { username: 'admin', password: 'admin-Secret-3', role: 'admin' },
} as const;

/** How a safe operation says no to a caller who may not do it. */
type Refusal = 'forbidden' | 'not-found' | 'ok-error';
/** How a planted mass-assignment flaw stores what it should not. */
type MassStyle = 'field' | 'spread' | 'spread-all';

/** One operation's truth: what is planted and what the safe variant looks like. */
export interface OpTruth {
  readonly key: string;
  readonly planted: readonly FlawKind[];
  /**
   * Kinds that are true here as a consequence of a planted flaw, so a finding of that kind is
   * correct, but not required: an admin route on user records without a role check also hands
   * one user another user's record (BOLA).
   */
  readonly implied?: readonly FlawKind[];
  /** Human description of the variant (for the per-operation listing). */
  readonly variant: string;
  /** How verify.ts proves the truth by hand (planted flaws exploitable, look-alikes not). */
  readonly oracle?: Oracle;
}

/** What verify.ts needs to exploit an operation without the scanner. */
export type Oracle =
  | {
      readonly kind: 'object';
      readonly action: 'create' | 'read' | 'update' | 'delete';
      readonly method: string;
      readonly base: string;
      readonly param: string;
      readonly parent?: { readonly base: string; readonly param: string };
      /** The response-only field a planted mass assignment stores, and a value to try. */
      readonly field: string;
      readonly value: unknown;
    }
  | { readonly kind: 'admin'; readonly method: string; readonly path: string; readonly body?: Record<string, unknown> }
  | { readonly kind: 'swap'; readonly base: string }
  | { readonly kind: 'self'; readonly method: string; readonly path: string; readonly field: string; readonly value: unknown };

interface User {
  id: number;
  username: string;
  password: string;
  role: string;
  email: string;
  displayName: string;
  verified: boolean;
  credit: number;
  createdAt: string;
}

type Obj = Record<string, unknown> & { id: string | number };

interface Ctx {
  readonly me: User | undefined;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly body: Record<string, unknown>;
}
interface Reply {
  status: number;
  body?: unknown;
}
type Handler = (c: Ctx) => Reply;

interface Route {
  readonly method: string;
  readonly path: string;
  readonly re: RegExp;
  readonly names: string[];
  readonly handler: Handler;
  /** Routed by the server but absent from the spec (a planted method swap). */
  readonly hidden?: boolean;
  /** Needs no token. */
  readonly anonymous?: boolean;
}

export interface GeneratedApi {
  readonly spec: Record<string, unknown>;
  readonly truth: ReadonlyMap<string, OpTruth>;
  /** Start the server; `trace` receives one line per request (`alice PUT /receipts/3 -> 200`). */
  start(trace?: (line: string) => void): Promise<{ url: string; close(): Promise<void> }>;
}

/** mulberry32 (the project's seeded generator): choosing variants reproducibly. */
export const seeded = seededRandom;

const TOP_LEVEL = [
  ['projects', 'Project', 'ownerId'],
  ['invoices', 'Invoice', 'customerId'],
  ['documents', 'Document', 'ownerId'],
  ['orders', 'Order', 'userId'],
  ['tickets', 'Ticket', 'createdBy'],
  ['notes', 'Note', 'ownerId'],
  ['contracts', 'Contract', 'owner_id'],
  ['expenses', 'Expense', 'userId'],
  ['campaigns', 'Campaign', 'ownerId'],
  ['datasets', 'Dataset', 'ownerId'],
  ['pipelines', 'Pipeline', 'ownerId'],
  ['addresses', 'Address', 'userId'],
  ['payment-methods', 'PaymentMethod', 'customerId'],
  ['subscriptions', 'Subscription', 'accountId'],
  ['webhooks', 'Webhook', 'ownerId'],
  ['bookmarks', 'Bookmark', 'userId'],
  ['playlists', 'Playlist', 'ownerId'],
  ['drafts', 'Draft', 'authorId'],
  ['shipments', 'Shipment', 'customerId'],
  ['appointments', 'Appointment', 'userId'],
  ['teams', 'Team', 'ownerId'],
  ['budgets', 'Budget', 'ownerId'],
  ['reservations', 'Reservation', 'guestId'],
  ['vehicles', 'Vehicle', 'ownerId'],
  ['recipes', 'Recipe', 'authorId'],
] as const;

const NESTED = [
  ['teams', 'members', 'Member', 'teamId'],
  ['projects', 'tasks', 'Task', 'projectId'],
  ['orders', 'items', 'OrderItem', 'orderId'],
  ['documents', 'comments', 'Comment', 'documentId'],
] as const;

const READ_ONLY = [
  ['receipts', 'Receipt', 'userId'],
  ['statements', 'Statement', 'accountId'],
  ['certificates', 'Certificate', 'ownerId'],
  ['payslips', 'Payslip', 'employeeId'],
] as const;

const PUBLIC = [
  ['articles', 'Article', 'authorId'],
  ['products', 'Product', 'sellerId'],
  ['events', 'Event', 'organizerId'],
  ['faqs', 'Faq', 'authorId'],
  ['job-postings', 'JobPosting', 'recruiterId'],
] as const;

/** Response-only fields a client must never set, with their initial values. */
const PRIVILEGED_POOL: readonly { name: string; type: 'string' | 'boolean' | 'number'; initial: unknown; enum?: string[] }[] = [
  { name: 'status', type: 'string', initial: 'pending', enum: ['pending', 'approved', 'rejected'] },
  { name: 'approved', type: 'boolean', initial: false },
  { name: 'discount', type: 'number', initial: 0 },
  { name: 'verified', type: 'boolean', initial: false },
  { name: 'creditLimit', type: 'number', initial: 100 },
  { name: 'featured', type: 'boolean', initial: false },
  { name: 'locked', type: 'boolean', initial: false },
  { name: 'tier', type: 'string', initial: 'free', enum: ['free', 'pro'] },
];

const DECLARED_POOL: readonly { name: string; type: 'string' | 'integer' }[] = [
  { name: 'name', type: 'string' },
  { name: 'description', type: 'string' },
  { name: 'notes', type: 'string' },
  { name: 'label', type: 'string' },
  { name: 'quantity', type: 'integer' },
  { name: 'color', type: 'string' },
];

function singular(s: string): string {
  if (s.endsWith('ies')) return `${s.slice(0, -3)}y`;
  if (s.endsWith('sses') || s.endsWith('shes')) return s.slice(0, -2);
  if (s.endsWith('s')) return s.slice(0, -1);
  return s;
}

function camel(s: string): string {
  return s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function shuffle<T>(xs: T[], rand: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** Plant exactly half (rounded up) of the slots. */
function plantHalf<T>(slots: T[], rand: () => number): Set<T> {
  const s = shuffle([...slots], rand);
  return new Set(s.slice(0, Math.ceil(s.length / 2)));
}

const REFUSALS: readonly Refusal[] = ['forbidden', 'not-found', 'ok-error'];

function refuse(r: Refusal): Reply {
  if (r === 'forbidden') return { status: 403, body: { error: 'forbidden', message: 'you may not access this resource' } };
  if (r === 'not-found') return { status: 404, body: { error: 'not found' } };
  return { status: 200, body: { error: 'not_found', message: 'no such object', code: 404 } };
}

const NOW = '2026-01-15T10:00:00.000Z';

/** The number of operations of the generated API. */
export const OPERATIONS = 200;

/** Generate the API for a seed. */
export function generateApi(seed = 1, opts: { plantAccountDeletion?: boolean } = {}): GeneratedApi {
  const rand = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const routes: Route[] = [];
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = {};
  const truth = new Map<string, OpTruth>();
  const slots: { bola: string[]; ma: string[]; bfla: string[] } = { bola: [], ma: [], bfla: [] };

  // Server state, reset by start().
  const users = new Map<number, User>();
  const tokens = new Map<string, number>();
  const stores = new Map<string, Map<string, Obj>>();
  const counters = new Map<string, number>();
  let uuidRand = seeded(seed ^ 0x9e3779b9);
  let requestCounter = 0;
  const settings = { motd: 'welcome', maxUploadMb: 10 };

  const store = (name: string) => {
    let s = stores.get(name);
    if (!s) stores.set(name, (s = new Map()));
    return s;
  };
  const uuid = () => {
    const h = Array.from({ length: 32 }, () => Math.floor(uuidRand() * 16).toString(16)).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  const nextId = (name: string, style: 'int' | 'uuid'): string | number => {
    if (style === 'uuid') return uuid();
    const n = (counters.get(name) ?? 0) + 1;
    counters.set(name, n);
    return n;
  };

  const addOp = (method: string, path: string, op: Record<string, unknown>, handler: Handler, t: { planted?: FlawKind[]; implied?: FlawKind[]; variant: string; oracle?: Oracle }, extra: { anonymous?: boolean } = {}) => {
    const key = `${method} ${path}`;
    if (truth.has(key)) throw new Error(`duplicate operation ${key}`);
    (paths[path] ??= {})[method.toLowerCase()] = op;
    truth.set(key, { key, planted: t.planted ?? [], ...(t.implied ? { implied: t.implied } : {}), variant: t.variant, ...(t.oracle ? { oracle: t.oracle } : {}) });
    routes.push(compile(method, path, handler, extra));
  };
  const hiddenRoute = (method: string, path: string, handler: Handler) => routes.push({ ...compile(method, path, handler), hidden: true });

  const pathParam = (name: string, style: 'int' | 'uuid') => ({ name, in: 'path', required: true, schema: style === 'int' ? { type: 'integer' } : { type: 'string', format: 'uuid' } });
  const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const errorResponses = { '401': { description: 'not logged in' }, '403': { description: 'forbidden' }, '404': { description: 'not found' } };

  const ownerOf = (o: Obj, field: string) => Number(o[field]);
  const view = (o: Obj, volatile: boolean) => (volatile ? { ...o, requestId: `req-${(++requestCounter).toString(36)}-${Math.floor(uuidRand() * 1e9).toString(36)}` } : { ...o });

  // ---- plan the owned families (variants are chosen after all slots are known) ----
  interface Family {
    readonly name: string;
    readonly schema: string;
    readonly ownerField: string;
    readonly idStyle: 'int' | 'uuid';
    readonly declared: readonly { name: string; type: 'string' | 'integer' }[];
    readonly privileged: readonly (typeof PRIVILEGED_POOL)[number][];
    readonly volatile: boolean;
    readonly update: 'PUT' | 'PATCH';
    hasDelete: boolean;
    readonly wrapListing: boolean;
    readonly parent?: { readonly family: Family; readonly param: string };
    readonly base: string;
    readonly item: string;
    readonly param: string;
  }
  const families: Family[] = [];
  const byName = new Map<string, Family>();
  const makeFamily = (name: string, schema: string, ownerField: string, parent?: { family: Family; param: string }): Family => {
    const declared = shuffle([...DECLARED_POOL.slice(1)], rand).slice(0, 1 + Math.floor(rand() * 2));
    const privileged = shuffle([...PRIVILEGED_POOL], rand).slice(0, 1 + Math.floor(rand() * 2));
    const idStyle = rand() < 0.3 ? 'uuid' : 'int';
    const base = parent ? `${parent.family.base}/{${parent.param}}/${name}` : `/${name}`;
    const param = parent ? 'id' : rand() < 0.3 ? `${camel(singular(name))}Id` : 'id';
    const f: Family = {
      name: parent ? `${parent.family.name}/${name}` : name,
      schema,
      ownerField,
      idStyle,
      declared: [{ name: 'name', type: 'string' }, ...declared],
      privileged,
      volatile: rand() < 0.3,
      update: rand() < 0.5 ? 'PUT' : 'PATCH',
      hasDelete: false,
      wrapListing: rand() < 0.3,
      ...(parent ? { parent } : {}),
      base,
      item: `${base}/{${param}}`,
      param,
    };
    families.push(f);
    return f;
  };
  for (const [name, schema, owner] of TOP_LEVEL) byName.set(name, makeFamily(name, schema, owner));
  for (const [parent, name, schema, parentField] of NESTED) {
    const p = byName.get(parent)!;
    // Nested templates name the parent's id after the parent (`/teams/{teamId}/members/{id}`).
    const f = makeFamily(name, schema, 'ownerId', { family: p, param: parentField });
    byName.set(f.name, f);
  }
  // ---- administrative functions ----
  interface AdminOp {
    readonly method: string;
    readonly path: string;
    readonly operationId: string;
    readonly tags?: string[];
    readonly scopes?: string[];
    readonly body?: Record<string, unknown>;
    readonly required?: string[];
    readonly result: (c: Ctx) => Reply;
    /**
     * Never planted (unless `plantAccountDeletion`): a user who may delete accounts lets the scan
     * delete its own identities (see README, "hazards").
     */
    readonly neverPlanted?: boolean;
    readonly params?: Record<string, unknown>[];
    /** A valid body, for verify.ts. */
    readonly sample?: Record<string, unknown>;
  }
  const allUsers = () => [...users.values()].map((u) => ({ id: u.id, username: u.username, email: u.email, role: u.role, verified: u.verified }));
  const everything = (name: string) => [...store(name).values()];
  const userParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }];
  const ADMIN: AdminOp[] = [
    { method: 'GET', path: '/admin/users', operationId: 'adminListUsers', tags: ['admin'], result: () => ({ status: 200, body: allUsers() }) },
    {
      method: 'GET', path: '/admin/users/{id}', operationId: 'adminGetUser', tags: ['admin'], params: userParam,
      result: (c) => { const u = users.get(Number(c.params.id)); return u ? { status: 200, body: { id: u.id, username: u.username, email: u.email, role: u.role, verified: u.verified, credit: u.credit } } : { status: 404, body: { error: 'not found' } }; },
    },
    {
      method: 'PUT', path: '/admin/users/{id}', operationId: 'adminUpdateUser', tags: ['admin'], params: userParam,
      body: { role: { type: 'string', enum: ['user', 'admin'] }, displayName: { type: 'string' } },
      result: (c) => {
        const u = users.get(Number(c.params.id));
        if (!u) return { status: 404, body: { error: 'not found' } };
        if (c.body.role === 'user' || c.body.role === 'admin') u.role = c.body.role;
        if (typeof c.body.displayName === 'string') u.displayName = c.body.displayName;
        return { status: 200, body: { id: u.id, username: u.username, role: u.role, displayName: u.displayName } };
      },
    },
    {
      method: 'DELETE', path: '/admin/users/{id}', operationId: 'adminDeleteUser', tags: ['admin'], params: userParam, neverPlanted: !opts.plantAccountDeletion,
      result: (c) => (users.delete(Number(c.params.id)) ? { status: 204 } : { status: 404, body: { error: 'not found' } }),
    },
    {
      method: 'PATCH', path: '/admin/users/{id}/verification', operationId: 'adminVerifyUser', tags: ['admin'], params: userParam,
      body: { verified: { type: 'boolean' } },
      result: (c) => { const u = users.get(Number(c.params.id)); if (!u) return { status: 404, body: { error: 'not found' } }; if (typeof c.body.verified === 'boolean') u.verified = c.body.verified; return { status: 200, body: { id: u.id, verified: u.verified } }; },
    },
    { method: 'GET', path: '/admin/stats', operationId: 'adminStats', result: () => ({ status: 200, body: { users: users.size, objects: [...stores.values()].reduce((n, s) => n + s.size, 0), uptimeSeconds: 86400 } }) },
    { method: 'GET', path: '/admin/audit-log', operationId: 'adminAuditLog', result: () => ({ status: 200, body: [{ at: NOW, actor: 'admin', action: 'login' }, { at: NOW, actor: 'alice', action: 'create project' }] }) },
    { method: 'GET', path: '/admin/settings', operationId: 'adminGetSettings', result: () => ({ status: 200, body: { ...settings } }) },
    {
      method: 'PUT', path: '/admin/settings', operationId: 'adminUpdateSettings', body: { motd: { type: 'string' }, maxUploadMb: { type: 'integer', minimum: 1, maximum: 100 } },
      result: (c) => { if (typeof c.body.motd === 'string') settings.motd = c.body.motd; if (typeof c.body.maxUploadMb === 'number') settings.maxUploadMb = c.body.maxUploadMb; return { status: 200, body: { ...settings } }; },
    },
    { method: 'POST', path: '/admin/cache/purge', operationId: 'adminPurgeCache', result: () => ({ status: 200, body: { purged: 42 } }) },
    { method: 'GET', path: '/admin/reports/revenue', operationId: 'adminRevenueReport', result: () => ({ status: 200, body: { currency: 'EUR', months: [{ month: '2026-01', total: 125000 }, { month: '2026-02', total: 131000 }] } }) },
    { method: 'GET', path: '/admin/sessions', operationId: 'adminListSessions', result: () => ({ status: 200, body: [...tokens.values()].map((uid, i) => ({ id: i + 1, userId: uid, createdAt: NOW })) }) },
    { method: 'GET', path: '/admin/projects', operationId: 'adminListProjects', result: () => ({ status: 200, body: everything('projects') }) },
    { method: 'GET', path: '/admin/teams', operationId: 'adminListTeams', result: () => ({ status: 200, body: everything('teams') }) },
    {
      method: 'GET', path: '/admin/invoices/{invoiceId}', operationId: 'adminGetInvoice', params: [{ name: 'invoiceId', in: 'path', required: true, schema: { type: 'string' } }],
      result: (c) => { const o = store('invoices').get(c.params.invoiceId!); return o ? { status: 200, body: o } : { status: 404, body: { error: 'not found' } }; },
    },
    {
      method: 'POST', path: '/admin/invoices/{invoiceId}/refund', operationId: 'adminRefundInvoice', params: [{ name: 'invoiceId', in: 'path', required: true, schema: { type: 'string' } }],
      result: (c) => { const o = store('invoices').get(c.params.invoiceId!); if (!o) return { status: 404, body: { error: 'not found' } }; o.status = 'refunded'; return { status: 200, body: o }; },
    },
    {
      method: 'POST', path: '/admin/announcements', operationId: 'adminCreateAnnouncement', body: { title: { type: 'string' }, text: { type: 'string' } }, required: ['title'], sample: { title: 'verify' },
      result: (c) => (typeof c.body.title === 'string' ? { status: 201, body: { id: nextId('announcements', 'int'), title: c.body.title, text: String(c.body.text ?? '') } } : { status: 400, body: { error: 'title is required' } }),
    },
    { method: 'GET', path: '/admin/announcements', operationId: 'adminListAnnouncements', result: () => ({ status: 200, body: [{ id: 1, title: 'Maintenance on Sunday', text: 'Downtime 02:00-03:00' }] }) },
    { method: 'GET', path: '/admin/webhooks/deliveries', operationId: 'adminWebhookDeliveries', result: () => ({ status: 200, body: [{ id: 1, webhookId: 3, status: 200, at: NOW }] }) },
    { method: 'GET', path: '/admin/login-attempts', operationId: 'adminLoginAttempts', result: () => ({ status: 200, body: [{ username: 'alice', ok: true, at: NOW }, { username: 'mallory', ok: false, at: NOW }] }) },
    { method: 'GET', path: '/internal/metrics', operationId: 'internalMetrics', result: () => ({ status: 200, body: { requestsTotal: requestCounter, p99Ms: 48, heapMb: 120 } }) },
    { method: 'GET', path: '/internal/config', operationId: 'internalConfig', result: () => ({ status: 200, body: { database: 'postgres://db.internal:5432/app', featureX: true, region: 'eu-west-1' } }) },
    { method: 'POST', path: '/internal/jobs/reindex', operationId: 'internalReindex', result: () => ({ status: 202, body: { job: 'reindex', queued: true } }) },
    { method: 'GET', path: '/manage/billing/plans', operationId: 'listBillingPlans', result: () => ({ status: 200, body: [{ id: 1, name: 'free', priceCents: 0 }, { id: 2, name: 'pro', priceCents: 1900 }] }) },
    {
      method: 'POST', path: '/manage/billing/plans', operationId: 'createBillingPlan', body: { name: { type: 'string' }, priceCents: { type: 'integer', minimum: 0 } }, required: ['name', 'priceCents'], sample: { name: 'verify', priceCents: 1 },
      result: (c) => (typeof c.body.name === 'string' && typeof c.body.priceCents === 'number' ? { status: 201, body: { id: nextId('plans', 'int'), name: c.body.name, priceCents: c.body.priceCents } } : { status: 400, body: { error: 'name and priceCents are required' } }),
    },
    { method: 'GET', path: '/staff/tickets', operationId: 'staffListTickets', result: () => ({ status: 200, body: everything('tickets') }) },
    { method: 'GET', path: '/moderation/queue', operationId: 'moderationQueue', result: () => ({ status: 200, body: [{ id: 11, kind: 'comment', reason: 'spam', reportedBy: 2 }] }) },
    {
      method: 'POST', path: '/moderation/queue/{itemId}/approve', operationId: 'moderationApprove', params: [{ name: 'itemId', in: 'path', required: true, schema: { type: 'integer' } }],
      result: (c) => (c.params.itemId === '11' ? { status: 200, body: { id: 11, approved: true } } : { status: 404, body: { error: 'not found' } }),
    },
    { method: 'GET', path: '/backoffice/orders', operationId: 'backofficeOrders', result: () => ({ status: 200, body: everything('orders') }) },
    { method: 'GET', path: '/reports/user-activity', operationId: 'userActivityReport', tags: ['admin'], result: () => ({ status: 200, body: [...users.values()].map((u) => ({ userId: u.id, username: u.username, logins: 3 })) }) },
    { method: 'GET', path: '/exports/customers', operationId: 'adminExportCustomers', result: () => ({ status: 200, body: [...users.values()].map((u) => ({ id: u.id, email: u.email, credit: u.credit })) }) },
    { method: 'GET', path: '/feature-flags', operationId: 'listFeatureFlags', scopes: ['admin'], result: () => ({ status: 200, body: [{ flag: 'new-checkout', enabled: true }, { flag: 'beta-search', enabled: false }] }) },
    {
      method: 'PUT', path: '/feature-flags/{flag}', operationId: 'setFeatureFlag', scopes: ['admin'], params: [{ name: 'flag', in: 'path', required: true, schema: { type: 'string', example: 'beta-search' } }], body: { enabled: { type: 'boolean' } },
      result: (c) => ({ status: 200, body: { flag: c.params.flag, enabled: c.body.enabled === true } }),
    },
    { method: 'GET', path: '/system/logs', operationId: 'systemLogs', result: () => ({ status: 200, body: [{ level: 'info', msg: 'started', at: NOW }] }) },
    { method: 'GET', path: '/ops/queues', operationId: 'opsQueues', result: () => ({ status: 200, body: [{ queue: 'mail', depth: 3 }, { queue: 'exports', depth: 0 }] }) },
    { method: 'GET', path: '/analytics/overview', operationId: 'analyticsOverview', scopes: ['admin'], result: () => ({ status: 200, body: { activeUsers: users.size, revenueCents: 256000 } }) },
  ];
  // Which families offer DELETE is chosen so that the API has exactly OPERATIONS operations.
  const nonFamilyOps = 5 + 3 + 4 + READ_ONLY.length * 2 + PUBLIC.length * 2 + 1 + ADMIN.length;
  const deletes = OPERATIONS - nonFamilyOps - families.length * 4;
  if (deletes < 0 || deletes > families.length) throw new Error(`cannot reach ${OPERATIONS} operations (${deletes} deletes)`);
  for (const f of shuffle([...families], rand).slice(0, deletes)) f.hasDelete = true;
  for (const f of families) {
    slots.bola.push(`GET ${f.item}`, `${f.update} ${f.item}`);
    if (f.hasDelete) slots.bola.push(`DELETE ${f.item}`);
    slots.ma.push(`POST ${f.base}`, `${f.update} ${f.item}`);
  }
  slots.ma.push('PATCH /me', 'PUT /me/preferences');

  for (const a of ADMIN) if (!a.neverPlanted) slots.bfla.push(`${a.method} ${a.path}`);
  for (const [name] of READ_ONLY) slots.bfla.push(`GET /${name}/{id}`);

  const plantedBola = plantHalf(slots.bola, rand);
  const plantedMa = plantHalf(slots.ma, rand);
  const plantedBfla = plantHalf(slots.bfla, rand);
  if (opts.plantAccountDeletion) plantedBfla.add('DELETE /admin/users/{id}');
  // PATCH /me always stores `role` when planted; make sure the chain exists in every seed.
  plantedMa.add('PATCH /me');
  const maStyle = new Map<string, MassStyle>();
  for (const k of plantedMa) maStyle.set(k, rand() < 0.7 ? 'field' : rand() < 0.67 ? 'spread' : 'spread-all');
  const refusalOf = new Map<string, Refusal>();
  const refusalFor = (k: string) => {
    let r = refusalOf.get(k);
    if (!r) refusalOf.set(k, (r = pick(REFUSALS)));
    return r;
  };

  // ---- the login and the caller's own profile ----
  addOp('POST', '/login', { operationId: 'login', security: [], requestBody: { required: true, ...json({ type: 'object', required: ['username', 'password'], properties: { username: { type: 'string' }, password: { type: 'string', format: 'password' } } }) }, responses: { '200': { description: 'token', ...json({ type: 'object', properties: { token: { type: 'string' } } }) }, '401': { description: 'bad credentials' } } },
    (c) => {
      const u = [...users.values()].find((x) => x.username === c.body.username && x.password === c.body.password);
      if (!u) return { status: 401, body: { error: 'invalid username or password' } };
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, u.id);
      return { status: 200, body: { token } };
    }, { variant: 'login' }, { anonymous: true });
  schemas.Me = { type: 'object', properties: { id: { type: 'integer' }, username: { type: 'string' }, role: { type: 'string' }, email: { type: 'string' }, displayName: { type: 'string' }, verified: { type: 'boolean' }, credit: { type: 'integer' }, createdAt: { type: 'string', format: 'date-time' } } };
  schemas.MeUpdate = { type: 'object', properties: { displayName: { type: 'string' }, email: { type: 'string', format: 'email' } } };
  const meView = (u: User) => ({ id: u.id, username: u.username, role: u.role, email: u.email, displayName: u.displayName, verified: u.verified, credit: u.credit, createdAt: u.createdAt });
  addOp('GET', '/me', { operationId: 'getMe', responses: { '200': { description: 'the caller', ...json(ref('Me')) }, ...errorResponses } }, (c) => ({ status: 200, body: meView(c.me!) }), { variant: 'own profile' });
  const meMa = plantedMa.has('PATCH /me');
  addOp('PATCH', '/me', { operationId: 'updateMe', requestBody: json(ref('MeUpdate')), responses: { '200': { description: 'the caller', ...json(ref('Me')) }, ...errorResponses } },
    (c) => {
      const u = c.me!;
      if (typeof c.body.displayName === 'string') u.displayName = c.body.displayName;
      if (typeof c.body.email === 'string') u.email = c.body.email;
      if (meMa) {
        if (c.body.role === 'user' || c.body.role === 'admin') u.role = c.body.role;
        if (typeof c.body.verified === 'boolean') u.verified = c.body.verified;
      }
      return { status: 200, body: meView(u) };
    }, { planted: meMa ? ['mass-assignment', 'privilege-escalation'] : [], variant: meMa ? 'stores role and verified' : 'declared fields only', oracle: { kind: 'self', method: 'PATCH', path: '/me', field: 'verified', value: false } });
  const prefs = new Map<number, Record<string, unknown>>();
  const prefsOf = (u: User) => prefs.get(u.id) ?? prefs.set(u.id, { theme: 'light', language: 'en', emailDigest: true, betaAccess: false, maxDevices: 3 }).get(u.id)!;
  schemas.Preferences = { type: 'object', properties: { theme: { type: 'string' }, language: { type: 'string' }, emailDigest: { type: 'boolean' }, betaAccess: { type: 'boolean' }, maxDevices: { type: 'integer' } } };
  schemas.PreferencesUpdate = { type: 'object', properties: { theme: { type: 'string', enum: ['light', 'dark'] }, language: { type: 'string' }, emailDigest: { type: 'boolean' } } };
  addOp('GET', '/me/preferences', { operationId: 'getPreferences', responses: { '200': { description: 'preferences', ...json(ref('Preferences')) }, ...errorResponses } }, (c) => ({ status: 200, body: prefsOf(c.me!) }), { variant: 'own preferences' });
  const prefsMa = plantedMa.has('PUT /me/preferences');
  addOp('PUT', '/me/preferences', { operationId: 'updatePreferences', requestBody: json(ref('PreferencesUpdate')), responses: { '200': { description: 'preferences', ...json(ref('Preferences')) }, ...errorResponses } },
    (c) => {
      const p = prefsOf(c.me!);
      for (const k of ['theme', 'language', 'emailDigest']) if (k in c.body) p[k] = c.body[k];
      if (prefsMa) for (const k of ['betaAccess', 'maxDevices']) if (k in c.body) p[k] = c.body[k];
      return { status: 200, body: p };
    }, { planted: prefsMa ? ['mass-assignment'] : [], variant: prefsMa ? 'stores betaAccess and maxDevices' : 'declared fields only', oracle: { kind: 'self', method: 'PUT', path: '/me/preferences', field: 'betaAccess', value: true } });

  // ---- owned families ----
  for (const f of families) {
    const parentParam = f.parent?.param;
    const props: Record<string, unknown> = { id: f.idStyle === 'int' ? { type: 'integer' } : { type: 'string', format: 'uuid' }, [f.ownerField]: { type: 'integer' } };
    if (f.parent) props[f.parent.param] = f.parent.family.idStyle === 'int' ? { type: 'integer' } : { type: 'string', format: 'uuid' };
    const input: Record<string, unknown> = {};
    for (const d of f.declared) {
      props[d.name] = { type: d.type };
      input[d.name] = d.type === 'integer' ? { type: 'integer', minimum: 1, maximum: 50 } : { type: 'string', maxLength: 200 };
    }
    for (const p of f.privileged) props[p.name] = { type: p.type === 'number' ? 'integer' : p.type, ...(p.enum ? { enum: p.enum } : {}) };
    props.createdAt = { type: 'string', format: 'date-time' };
    props.updatedAt = { type: 'string', format: 'date-time' };
    if (f.volatile) props.requestId = { type: 'string' };
    schemas[f.schema] = { type: 'object', properties: props };
    schemas[`${f.schema}Input`] = { type: 'object', required: ['name'], properties: input };
    const s = store(f.name);
    const parentStore = f.parent ? store(f.parent.family.name) : undefined;
    const parentParams = f.parent ? [pathParam(f.parent.param, f.parent.family.idStyle)] : [];
    const itemParams = [...parentParams, pathParam(f.param, f.idStyle)];
    /** The parent object the caller may use (its owner), or a refusal. */
    const parentFor = (c: Ctx): Obj | Reply => {
      if (!parentStore) return { id: 0 };
      const p = parentStore.get(c.params[parentParam!]!);
      if (!p || ownerOf(p, f.parent!.family.ownerField) !== c.me!.id) return { status: 404, body: { error: 'not found' } };
      return p;
    };
    const isReply = (x: Obj | Reply): x is Reply => 'status' in x && !('id' in x);
    const find = (c: Ctx): Obj | undefined => {
      const o = s.get(c.params[f.param]!);
      if (!o) return undefined;
      if (f.parent && String(o[f.parent.param]) !== c.params[parentParam!]) return undefined;
      return o;
    };
    const p0 = f.privileged[0]!;
    const oracle = (action: 'create' | 'read' | 'update' | 'delete', method: string): Oracle => ({
      kind: 'object',
      action,
      method,
      base: f.base,
      param: f.param,
      ...(f.parent ? { parent: { base: f.parent.family.base, param: f.parent.param } } : {}),
      field: p0.name,
      value: p0.enum ? p0.enum[1] : p0.type === 'boolean' ? true : 4242,
    });
    const tag = () => f.parent ? [f.parent.family.name.replace(/s$/, '')] : [singular(f.name)];

    // listing: only the caller's own objects, in both variants
    addOp('GET', f.base, { operationId: `list${f.schema}s`, tags: tag(), parameters: parentParams, responses: { '200': { description: 'the caller\'s objects', ...json(f.wrapListing ? { type: 'object', properties: { items: { type: 'array', items: ref(f.schema) }, total: { type: 'integer' } } } : { type: 'array', items: ref(f.schema) }) }, ...errorResponses } },
      (c) => {
        const p = parentFor(c);
        if (isReply(p)) return p;
        const mine = [...s.values()].filter((o) => ownerOf(o, f.ownerField) === c.me!.id && (!f.parent || String(o[f.parent.param]) === c.params[parentParam!])).map((o) => view(o, f.volatile));
        return { status: 200, body: f.wrapListing ? { items: mine, total: mine.length } : mine };
      }, { variant: 'own objects only' });

    const createKey = `POST ${f.base}`;
    const createMa = maStyle.get(createKey);
    const applyInput = (o: Obj, body: Record<string, unknown>, style: MassStyle | undefined) => {
      for (const d of f.declared) {
        const v = body[d.name];
        if (d.type === 'string' && typeof v === 'string') o[d.name] = v.slice(0, 200);
        if (d.type === 'integer' && typeof v === 'number') o[d.name] = v;
      }
      if (style === 'field') {
        const p = f.privileged[0]!;
        if (p.name in body) o[p.name] = body[p.name];
      } else if (style === 'spread' || style === 'spread-all') {
        for (const [k, v] of Object.entries(body)) {
          if (k === 'id' || k === 'createdAt' || k === 'updatedAt' || (f.parent && k === f.parent.param)) continue;
          if (style === 'spread' && k === f.ownerField) continue;
          o[k] = v;
        }
      }
      o.updatedAt = new Date().toISOString();
    };
    const maVariant = (style: MassStyle | undefined) => (style === 'field' ? `stores ${f.privileged[0]!.name}` : style === 'spread' ? 'merges the whole body (owner kept)' : style === 'spread-all' ? 'merges the whole body (owner too)' : 'declared fields only');
    addOp('POST', f.base, { operationId: `create${f.schema}`, tags: tag(), parameters: parentParams, requestBody: { required: true, ...json(ref(`${f.schema}Input`)) }, responses: { '201': { description: 'created', ...json(ref(f.schema)) }, '400': { description: 'invalid' }, ...errorResponses } },
      (c) => {
        const p = parentFor(c);
        if (isReply(p)) return p;
        if (typeof c.body.name !== 'string' || c.body.name.length === 0) return { status: 400, body: { error: 'name is required' } };
        const o: Obj = { id: nextId(f.name, f.idStyle), [f.ownerField]: c.me!.id };
        if (f.parent) o[f.parent.param] = p.id;
        for (const d of f.declared) o[d.name] = d.type === 'integer' ? 1 : '';
        for (const pv of f.privileged) o[pv.name] = pv.initial;
        o.createdAt = new Date().toISOString();
        applyInput(o, c.body, createMa);
        s.set(String(o.id), o);
        return { status: 201, body: view(o, f.volatile) };
      }, { planted: createMa ? ['mass-assignment'] : [], variant: maVariant(createMa), oracle: oracle('create', 'POST') });

    const getKey = `GET ${f.item}`;
    const getBola = plantedBola.has(getKey);
    addOp('GET', f.item, { operationId: `get${f.schema}`, tags: tag(), parameters: itemParams, responses: { '200': { description: 'the object', ...json(ref(f.schema)) }, ...errorResponses } },
      (c) => {
        const p = parentFor(c);
        if (!getBola && isReply(p)) return p;
        const o = find(c);
        if (!o) return { status: 404, body: { error: 'not found' } };
        if (!getBola && ownerOf(o, f.ownerField) !== c.me!.id) return refuse(refusalFor(getKey));
        return { status: 200, body: view(o, f.volatile) };
      }, { planted: getBola ? ['bola'] : [], variant: getBola ? 'no ownership check' : `owner only (${refusalFor(getKey)})`, oracle: oracle('read', 'GET') });

    const updKey = `${f.update} ${f.item}`;
    const updBola = plantedBola.has(updKey);
    const updMa = maStyle.get(updKey);
    addOp(f.update, f.item, { operationId: `update${f.schema}`, tags: tag(), parameters: itemParams, requestBody: { required: true, ...json(ref(`${f.schema}Input`)) }, responses: { '200': { description: 'the object', ...json(ref(f.schema)) }, ...errorResponses } },
      (c) => {
        const p = parentFor(c);
        if (!updBola && isReply(p)) return p;
        const o = find(c);
        if (!o) return { status: 404, body: { error: 'not found' } };
        if (!updBola && ownerOf(o, f.ownerField) !== c.me!.id) return refuse(refusalFor(updKey));
        applyInput(o, c.body, updMa);
        return { status: 200, body: view(o, f.volatile) };
      }, { planted: [...(updBola ? ['bola' as const] : []), ...(updMa ? ['mass-assignment' as const] : [])], variant: `${updBola ? 'no ownership check' : `owner only (${refusalFor(updKey)})`}; ${maVariant(updMa)}`, oracle: oracle('update', f.update) });

    if (f.hasDelete) {
      const delKey = `DELETE ${f.item}`;
      const delBola = plantedBola.has(delKey);
      addOp('DELETE', f.item, { operationId: `delete${f.schema}`, tags: tag(), parameters: itemParams, responses: { '204': { description: 'deleted' }, ...errorResponses } },
        (c) => {
          const p = parentFor(c);
          if (!delBola && isReply(p)) return p;
          const o = find(c);
          if (!o) return { status: 404, body: { error: 'not found' } };
          if (!delBola && ownerOf(o, f.ownerField) !== c.me!.id) return refuse(refusalFor(delKey));
          s.delete(String(o.id));
          return { status: 204 };
        }, { planted: delBola ? ['bola'] : [], variant: delBola ? 'no ownership check' : `owner only (${refusalFor(delKey)})`, oracle: oracle('delete', 'DELETE') });
    }
  }

  // ---- read-only owned resources (a planted one also accepts an undocumented PUT) ----
  for (const [name, schema, ownerField] of READ_ONLY) {
    const s = store(name);
    schemas[schema] = { type: 'object', properties: { id: { type: 'integer' }, [ownerField]: { type: 'integer' }, title: { type: 'string' }, amountCents: { type: 'integer' }, issuedAt: { type: 'string', format: 'date-time' } } };
    addOp('GET', `/${name}`, { operationId: `list${schema}s`, responses: { '200': { description: 'own', ...json({ type: 'array', items: ref(schema) }) }, ...errorResponses } },
      (c) => ({ status: 200, body: [...s.values()].filter((o) => ownerOf(o, ownerField) === c.me!.id) }), { variant: 'own objects only' });
    const key = `GET /${name}/{id}`;
    const swap = plantedBfla.has(key);
    const r = refusalFor(key);
    addOp('GET', `/${name}/{id}`, { operationId: `get${schema}`, parameters: [pathParam('id', 'int')], responses: { '200': { description: 'the object', ...json(ref(schema)) }, ...errorResponses } },
      (c) => {
        const o = s.get(c.params.id!);
        if (!o) return { status: 404, body: { error: 'not found' } };
        if (ownerOf(o, ownerField) !== c.me!.id) return refuse(r);
        return { status: 200, body: o };
      }, { planted: swap ? ['bfla'] : [], variant: swap ? 'read-only in the spec, but PUT is routed' : `read-only; owner only (${r})`, oracle: { kind: 'swap', base: `/${name}` } });
    if (swap) {
      hiddenRoute('PUT', `/${name}/{id}`, (c) => {
        const o = s.get(c.params.id!);
        if (!o || ownerOf(o, ownerField) !== c.me!.id) return { status: 404, body: { error: 'not found' } };
        if (typeof c.body.amountCents === 'number') o.amountCents = c.body.amountCents;
        if (typeof c.body.title === 'string') o.title = c.body.title;
        return { status: 200, body: o };
      });
    }
  }

  // ---- public-by-design objects ----
  for (const [name, schema, ownerField] of PUBLIC) {
    const s = store(name);
    schemas[schema] = { type: 'object', properties: { id: { type: 'integer' }, [ownerField]: { type: 'integer' }, title: { type: 'string' }, body: { type: 'string' } } };
    addOp('GET', `/${name}`, { operationId: `list${schema}s`, security: [], 'x-rampart-public': true, responses: { '200': { description: 'everything published', ...json({ type: 'array', items: ref(schema) }) } } },
      () => ({ status: 200, body: [...s.values()] }), { variant: 'public by design' }, { anonymous: true });
    addOp('GET', `/${name}/{id}`, { operationId: `get${schema}`, security: [], 'x-rampart-public': true, parameters: [pathParam('id', 'int')], responses: { '200': { description: 'the object', ...json(ref(schema)) }, '404': { description: 'not found' } } },
      (c) => {
        const o = s.get(c.params.id!);
        return o ? { status: 200, body: o } : { status: 404, body: { error: 'not found' } };
      }, { variant: 'public by design' }, { anonymous: true });
  }
  schemas.PublicProfile = { type: 'object', properties: { id: { type: 'integer' }, username: { type: 'string' }, displayName: { type: 'string' } } };
  addOp('GET', '/users/{id}', { operationId: 'getPublicProfile', security: [], 'x-rampart-public': true, parameters: [pathParam('id', 'int')], responses: { '200': { description: 'public profile', ...json(ref('PublicProfile')) }, '404': { description: 'not found' } } },
    (c) => {
      const u = users.get(Number(c.params.id));
      return u ? { status: 200, body: { id: u.id, username: u.username, displayName: u.displayName } } : { status: 404, body: { error: 'not found' } };
    }, { variant: 'public by design' }, { anonymous: true });

  // ---- endpoints that answer 200 with an error body ----
  addOp('GET', '/billing/status', { operationId: 'billingStatus', responses: { '200': { description: 'billing status' }, ...errorResponses } },
    () => ({ status: 200, body: { error: 'billing_not_configured', message: 'billing is not configured for this workspace' } }), { variant: '200 with an error body' });
  addOp('GET', '/integrations/slack', { operationId: 'slackIntegration', responses: { '200': { description: 'integration' }, ...errorResponses } },
    () => ({ status: 200, body: { ok: false, error: 'integration disabled' } }), { variant: '200 with an error body' });
  addOp('GET', '/health', { operationId: 'health', security: [], 'x-rampart-public': true, responses: { '200': { description: 'ok' } } }, () => ({ status: 200, body: { status: 'ok' } }), { variant: 'public by design' }, { anonymous: true });

  // ---- administrative functions ----
  for (const a of ADMIN) {
    const key = `${a.method} ${a.path}`;
    const planted = plantedBfla.has(key);
    const r = refusalFor(key);
    const op: Record<string, unknown> = {
      operationId: a.operationId,
      ...(a.tags ? { tags: a.tags } : {}),
      ...(a.scopes ? { security: [{ bearer: a.scopes }] } : {}),
      ...(a.params ? { parameters: a.params } : {}),
      ...(a.body ? { requestBody: { required: true, ...json({ type: 'object', ...(a.required ? { required: a.required } : {}), properties: a.body }) } } : {}),
      responses: { '200': { description: 'ok' }, ...errorResponses },
    };
    const onUsers = /^\/admin\/users\/\{id\}/.test(a.path);
    addOp(a.method, a.path, op, (c) => (c.me!.role === 'admin' || planted ? a.result(c) : refuse(r)), {
      planted: planted ? ['bfla', ...(key === 'PUT /admin/users/{id}' ? ['privilege-escalation' as const] : [])] : [],
      ...(planted && onUsers ? { implied: ['bola' as const] } : {}),
      variant: planted ? 'no role check' : `admin only (${r})`,
      oracle: { kind: 'admin', method: a.method, path: a.path, ...(a.sample ? { body: a.sample } : {}) },
    });
  }

  // ---- misc, own data only ----
  const notifications = store('notifications');
  addOp('GET', '/notifications', { operationId: 'listNotifications', responses: { '200': { description: 'own notifications', ...json({ type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, userId: { type: 'integer' }, text: { type: 'string' }, read: { type: 'boolean' } } } }) }, ...errorResponses } },
    (c) => ({ status: 200, body: [...notifications.values()].filter((n) => n.userId === c.me!.id) }), { variant: 'own objects only' });
  addOp('POST', '/notifications/mark-read', { operationId: 'markNotificationsRead', responses: { '200': { description: 'done' }, ...errorResponses } },
    (c) => {
      let n = 0;
      for (const x of notifications.values()) if (x.userId === c.me!.id) { x.read = true; n++; }
      return { status: 200, body: { marked: n } };
    }, { variant: 'own objects only' });
  addOp('GET', '/search', { operationId: 'search', parameters: [{ name: 'q', in: 'query', required: false, schema: { type: 'string' } }], responses: { '200': { description: 'own matches' }, ...errorResponses } },
    (c) => {
      const q = (c.query.get('q') ?? '').toLowerCase();
      const hits = families.filter((f) => !f.parent).flatMap((f) => [...store(f.name).values()].filter((o) => ownerOf(o, f.ownerField) === c.me!.id && String(o.name ?? '').toLowerCase().includes(q)).map((o) => ({ type: f.schema, id: o.id, name: o.name })));
      return { status: 200, body: { results: hits.slice(0, 20) } };
    }, { variant: 'own objects only' });
  addOp('GET', '/dashboard', { operationId: 'dashboard', responses: { '200': { description: 'own counts' }, ...errorResponses } },
    (c) => ({ status: 200, body: { projects: [...store('projects').values()].filter((o) => ownerOf(o, 'ownerId') === c.me!.id).length, unread: [...notifications.values()].filter((n) => n.userId === c.me!.id && !n.read).length } }), { variant: 'own objects only' });

  if (truth.size !== OPERATIONS) throw new Error(`generated ${truth.size} operations, expected ${OPERATIONS}`);
  const spec = {
    openapi: '3.1.0',
    info: { title: `authz benchmark API (seed ${seed})`, version: '1.0.0' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas },
    security: [{ bearer: [] }],
    paths,
  };

  const reset = () => {
    users.clear();
    tokens.clear();
    // Handlers hold their store, so stores are emptied in place.
    for (const s of stores.values()) s.clear();
    counters.clear();
    prefs.clear();
    uuidRand = seeded(seed ^ 0x9e3779b9);
    requestCounter = 0;
    settings.motd = 'welcome';
    settings.maxUploadMb = 10;
    let uid = 0;
    const addUser = (username: string, password: string, role: string) => {
      const u: User = { id: ++uid, username, password, role, email: `${username}@example.test`, displayName: username[0]!.toUpperCase() + username.slice(1), verified: true, credit: 10, createdAt: NOW };
      users.set(u.id, u);
      return u;
    };
    const alice = addUser(USERS.alice.username, USERS.alice.password, 'user');
    const bob = addUser(USERS.bob.username, USERS.bob.password, 'user');
    addUser(USERS.admin.username, USERS.admin.password, 'admin');
    const carol = addUser('carol', 'carol-Secret-4', 'user');
    const owners = [alice, bob, carol, alice, bob];
    const seedRand = seeded(seed ^ 0x51ed);
    for (const f of families) {
      const s = store(f.name);
      const parents = f.parent ? [...store(f.parent.family.name).values()] : [undefined];
      for (const parent of parents) {
        const list = parent ? [users.get(ownerOf(parent, f.parent!.family.ownerField))!] : owners;
        for (const u of list) {
          const o: Obj = { id: nextId(f.name, f.idStyle), [f.ownerField]: u.id };
          if (parent) o[f.parent!.param] = parent.id;
          for (const d of f.declared) o[d.name] = d.type === 'integer' ? 1 + Math.floor(seedRand() * 20) : `${u.username}'s ${singular(f.name.split('/').pop()!)} ${Math.floor(seedRand() * 1000)}`;
          for (const p of f.privileged) o[p.name] = p.initial;
          o.createdAt = NOW;
          o.updatedAt = NOW;
          s.set(String(o.id), o);
        }
      }
    }
    for (const [name, , ownerField] of READ_ONLY) {
      const s = store(name);
      for (const u of owners) {
        const id = nextId(name, 'int');
        s.set(String(id), { id, [ownerField]: u.id, title: `${name} for ${u.username}`, amountCents: 1000 + Math.floor(seedRand() * 9000), issuedAt: NOW });
      }
    }
    for (const [name, , ownerField] of PUBLIC) {
      const s = store(name);
      for (const u of [3, 4, 3]) {
        const id = nextId(name, 'int');
        s.set(String(id), { id, [ownerField]: u, title: `${singular(name)} ${id}`, body: 'Published for everyone.' });
      }
    }
    for (const u of [alice, bob, carol]) {
      const id = nextId('notifications', 'int');
      notifications.set(String(id), { id, userId: u.id, text: `hello ${u.username}`, read: false });
    }
  };

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

  let trace: ((line: string) => void) | undefined;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    let who = 'anonymous';
    const send = (r: Reply) => {
      trace?.(`${who} ${method} ${url.pathname}${url.search} ${JSON.stringify(body)} -> ${r.status} ${r.body === undefined ? '' : JSON.stringify(r.body).slice(0, 160)}`);
      if (r.body === undefined) {
        res.writeHead(r.status).end();
        return;
      }
      res.writeHead(r.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(r.body));
    };
    let pathMatched = false;
    for (const r of routes) {
      const m = r.re.exec(url.pathname);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
      const h = req.headers.authorization;
      const uid = h?.startsWith('Bearer ') ? tokens.get(h.slice(7)) : undefined;
      const me = uid === undefined ? undefined : users.get(uid);
      if (me) who = me.username;
      if (!r.anonymous && !me) return send({ status: 401, body: { error: 'unauthorized' } });
      return send(r.handler({ me, params, query: url.searchParams, body }));
    }
    send(pathMatched ? { status: 405, body: { error: 'method not allowed' } } : { status: 404, body: { error: 'not found' } });
  };

  return {
    spec,
    truth,
    async start(t) {
      trace = t;
      reset();
      const server = createServer((req, res) => {
        handle(req, res).catch(() => {
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
      });
      server.keepAliveTimeout = 1000;
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as AddressInfo).port;
      return {
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
      };
    },
  };
}

function compile(method: string, path: string, handler: Handler, extra: { anonymous?: boolean } = {}): Route {
  const names: string[] = [];
  // Literal segments win over parameters: `/admin/users/{id}/verification` is more specific, and the
  // route table is searched in order, so parameters match one segment only.
  const re = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, n: string) => { names.push(n); return '([^/]+)'; })}$`);
  return { method, path, re, names, handler, ...(extra.anonymous ? { anonymous: true } : {}) };
}
