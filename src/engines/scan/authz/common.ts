// What the authorization checks share: who the users and the admin are, which operations are
// privileged, where an object can be read back, and unique markers. Pure, except the helpers that
// take a ScanContext and send through it.
import type { HttpResponse } from '../../../http/types.js';
import type { ApiSurface, Operation, Schema } from '../../../surface/model.js';
import type { IdentityInfo, ScanContext } from '../define.js';
import { isSuccessWithData, objectId, parseJson } from './compare.js';

/** Authenticated identities that are not admins: the "users" BOLA and BFLA compare. */
export function userIdentities(ctx: Pick<ScanContext, 'identities'>): IdentityInfo[] {
  return ctx.identities.filter((i) => i.authenticated && !isAdminRole(i.role));
}

/** The first identity whose role label says admin. */
export function adminIdentity(ctx: Pick<ScanContext, 'identities'>): IdentityInfo | undefined {
  return ctx.identities.find((i) => i.authenticated && isAdminRole(i.role));
}

export function isAdminRole(role: string | undefined): boolean {
  return role !== undefined && /admin|root|super|owner|staff/i.test(role);
}

const PRIVILEGED_WORDS = /(^|[/_.\-\s])(admin|admins|administrator|administration|internal|manage|management|staff|superuser|super-admin|superadmin|sudo|root|moderator|moderation|backoffice|back-office|ops|privileged|impersonate|system)([/_.\-\s]|$)/i;

/** Privileged by its path, tags, operationId or security scopes. */
export function isPrivilegedOperation(op: Operation): boolean {
  if (PRIVILEGED_WORDS.test(op.path)) return true;
  if (op.tags.some((t) => PRIVILEGED_WORDS.test(` ${t} `))) return true;
  if (op.operationId && PRIVILEGED_WORDS.test(` ${op.operationId.replace(/([a-z])([A-Z])/g, '$1 $2')} `)) return true;
  for (const req of op.security) for (const scopes of Object.values(req)) if (scopes.some((s) => /admin|manage|write:all|superuser|\*/i.test(s))) return true;
  return false;
}

const LOGIN_PATH = /(^|\/)(login|log-in|signin|sign-in|sign_in|authenticate|auth|session|sessions|token|oauth\/token)\/?$/i;
const PASSWORD_NAME = /^(pass|password|passwd|pwd|passcode|secret)$/i;
const USER_NAME = /^(user|username|user_name|login|email|e-mail|account|identifier|name)$/i;

/** JSON properties of an operation's request body. */
export function requestProperties(op: Operation): Record<string, Schema> {
  const media = op.requestBody?.content.find((c) => /json/i.test(c.mediaType)) ?? op.requestBody?.content[0];
  const props = (media?.schema?.properties ?? {}) as Record<string, Schema>;
  return props;
}

/** Properties of the operation's first 2xx JSON response (objects; items of arrays). */
export function responseProperties(op: Operation): Record<string, Schema> {
  for (const r of op.responses) {
    if (!/^2/.test(r.status)) continue;
    const media = r.content.find((c) => /json/i.test(c.mediaType)) ?? r.content[0];
    let s = media?.schema as Record<string, unknown> | undefined;
    if (s?.type === 'array' && s.items) s = s.items as Record<string, unknown>;
    if (s?.properties) return s.properties as Record<string, Schema>;
  }
  return {};
}

/** The login operation: a POST to a login-like path whose body has a password field, or the one named in options. */
export function findLoginOperation(surface: ApiSurface, named?: string): Operation | undefined {
  if (named) return surface.operations.find((o) => o.operationId === named || o.key === named || `${o.method} ${o.path}` === named);
  return surface.operations.find((o) => o.method === 'POST' && (LOGIN_PATH.test(o.path) || /^(login|signin|logIn|signIn|authenticate)/i.test(o.operationId ?? '')) && loginFields(o) !== undefined);
}

/** The username and password property names of a login operation. */
export function loginFields(op: Operation): { user: string; password: string } | undefined {
  const props = Object.entries(requestProperties(op));
  const pw = props.find(([k, s]) => PASSWORD_NAME.test(k) || s.format === 'password');
  const user = props.find(([k]) => USER_NAME.test(k));
  if (!pw || !user) return undefined;
  return { user: user[0], password: pw[0] };
}

/** The "who am I" operation: a GET without path parameters on a me/profile/account path. */
export function findMeOperation(surface: ApiSurface): Operation | undefined {
  return surface.operations.find((o) => o.method === 'GET' && !o.path.includes('{') && /\/(me|self|profile|account|whoami|current[-_]?user|user)\/?$/i.test(o.path));
}

/** Operations on the same path template, by method. */
export function siblings(surface: ApiSurface, path: string): Map<string, Operation> {
  return new Map(surface.operations.filter((o) => o.path === path).map((o) => [o.method, o]));
}

/** The last path parameter of a template (`/notes/{id}` → `id`). */
export function lastPathParam(path: string): string | undefined {
  const all = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  return all.at(-1);
}

/** The collection of an item template: `/notes/{id}` → `/notes` (only when the id is the last segment). */
export function collectionOf(path: string): string | undefined {
  const m = /^(.*)\/\{[^}]+\}\/?$/.exec(path);
  return m ? m[1] || '/' : undefined;
}

/** A template that takes a user's own id (`/users/{id}`, `/accounts/{userId}`). */
export function isUserTemplate(path: string): boolean {
  return /\/(users?|accounts?|members?|profiles?|customers?|people|persons?)\/\{[^}]+\}\/?$/i.test(path) || /\{(user|account|member|customer|profile)_?id\}/i.test(path);
}

/** A unique marker a created object carries, so a finding can show it in another identity's response. */
export function marker(ctx: Pick<ScanContext, 'random'>, who: string): string {
  return `rampart-${who}-${Math.floor(ctx.random() * 36 ** 8).toString(36).padStart(8, '0')}`;
}

/** An example body with every string property set to a marker (keeps other example values). */
export function markedBody(example: unknown, mark: string): unknown {
  if (!example || typeof example !== 'object' || Array.isArray(example)) return example;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(example as Record<string, unknown>)) {
    out[k] = typeof v === 'string' && !/(email|url|uri|date|time|uuid|password|phone|id)$/i.test(k) ? `${mark}` : v;
  }
  return out;
}

/** Send the same request twice and learn which fields vary by themselves. */
export async function sendTwice(ctx: ScanContext, req: ReturnType<ScanContext['request']>): Promise<[HttpResponse, HttpResponse]> {
  const a = await ctx.send(req);
  const b = await ctx.send(req);
  return [a, b];
}

/** The subject (own id) of an identity, read from the me operation. */
export async function subjectOf(ctx: ScanContext, identity: string): Promise<{ id?: string; body?: string }> {
  const me = findMeOperation(ctx.surface);
  if (!me) return {};
  const res = await ctx.send(ctx.request(me, { identity }));
  if (!isSuccessWithData(res.status, res.body)) return {};
  const j = parseJson(res.body);
  return { id: objectId(j), body: res.body };
}

/** A role-like field of a body (`role`, `roles`, `isAdmin`...), for before/after comparisons. */
export function roleOf(body: string): string | undefined {
  const j = parseJson(body);
  if (!j || typeof j !== 'object') return undefined;
  const o = j as Record<string, unknown>;
  for (const k of ['role', 'roles', 'isAdmin', 'is_admin', 'admin', 'type', 'permissions', 'group', 'groups']) {
    if (k in o) return JSON.stringify(o[k]);
  }
  return undefined;
}

/** The account used for guessing: the option, else a configured identity's account name. */
export function guessTarget(ctx: ScanContext): string | undefined {
  if (typeof ctx.options.username === 'string') return ctx.options.username;
  return ctx.identities.find((i) => i.username)?.username;
}

export function loginBody(ctx: ScanContext, op: Operation, username: string, password: string): Record<string, unknown> | undefined {
  const f = loginFields(op);
  if (!f) return undefined;
  const example = (ctx.exampleBody(op) ?? {}) as Record<string, unknown>;
  return { ...example, [f.user]: username, [f.password]: password };
}

/** The path parameter values of a sent URL, read against its template (`/teams/{teamId}/members/{id}`). */
export function pathValuesOf(template: string, url: string): Record<string, string> {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return {};
  }
  const t = template.split('/').filter(Boolean);
  const u = path.split('/').filter(Boolean).slice(-t.length);
  const out: Record<string, string> = {};
  t.forEach((seg, i) => {
    const m = /^\{([^}]+)\}$/.exec(seg);
    if (m && u[i] !== undefined) out[m[1]!] = decodeURIComponent(u[i]!);
  });
  return out;
}

/** Fields that name an object's owner: setting them hands the object to someone else. */
export const OWNER_FIELD = /^(owner|user|account|customer|author|creator|created_?by|tenant|organi[sz]ation|org|employee|guest|seller|organizer|recruiter)(_?id)?$/i;

/** A path template with its parameters filled (`/teams/{teamId}` + `{ teamId: '7' }` → `/teams/7`). */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^}]+)\}/g, (m, n: string) => (values[n] !== undefined ? encodeURIComponent(values[n]!) : m));
}

/** The login operation the brute-force and enumeration checks use: the `operation` option, else found. */
export function configuredLoginOperation(ctx: ScanContext): Operation | undefined {
  return findLoginOperation(ctx.surface, typeof ctx.options.operation === 'string' ? ctx.options.operation : undefined);
}

/** The median of a list of numbers (0 for none). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}
