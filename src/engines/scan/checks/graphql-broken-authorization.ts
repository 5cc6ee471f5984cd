import { isAdminRole, userIdentities, adminIdentity } from '../authz/common.js';
import { shapeSimilarity, similarity, volatilePaths } from '../authz/compare.js';
import { defineScanCheck } from '../define.js';
import type { ScanContext, ScanReporter } from '../define.js';
import type { GqlExchange } from '../graphql/client.js';
import { gql, isAuthRefusal } from '../graphql/client.js';
import { argsFor, selectionFor } from '../graphql/query.js';
import type { GqlField, GqlSchema } from '../graphql/schema.js';
import { isList, isRequired, namedType, rootFields, sensitiveKind, typeKind } from '../graphql/schema.js';
import type { GqlTarget } from '../graphql/target.js';
import { graphqlTarget } from '../graphql/target.js';

const meta = {
  id: 'scan/graphql-broken-authorization',
  title: 'GraphQL resolvers return or change data the caller may not access',
  severity: 'high',
  confidence: 'high',
  domain: 'authorization',
  owasp: ['API1:2023', 'API2:2023', 'API5:2023'],
  cwe: ['CWE-862', 'CWE-639', 'CWE-285'],
  description:
    "Calls the schema's resolvers as each identity: private-looking queries (users, orders, notes, `me`-like data) that answer an anonymous caller with the data a user gets; objects of one user fetched by id, or through `node(id:)`, by another user and compared with the owner's view; administrative mutations (roles, deleting users) that a regular user may call, and update- or delete-like mutations an anonymous caller may call, both probed on an object that does not exist.",
  remediation:
    "Authorize in every resolver (or in a schema directive or middleware applied to every field), not only at the HTTP layer or on the root: check that the object a resolver loads belongs to the caller, that `node(id:)` applies the same check as the typed field, and that administrative mutations require the admin role. Deny by default.",
  references: [
    'https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html#authorization',
    'https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/',
    'https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/',
    'https://cwe.mitre.org/data/definitions/862.html',
  ],
  messages: {
    unauthenticated: 'The GraphQL query {field} at {path} returns data to an anonymous caller ({summary}).',
    crossUser: "{attacker} reads {victimIdentity}'s {type} through {field}({arg}: {id}) at {path}: the same object {victimIdentity} gets.",
    adminMutation: 'The administrative mutation {field} at {path} runs for the regular user {who} (an anonymous caller is refused).',
    anonymousMutation: 'The mutation {field} at {path} runs for an anonymous caller, while {control} refuses one.',
  },
} as const;

const PRIVATE_QUERY = /^(me|viewer|current_?user|who_?am_?i|users?|all_?users|accounts?|orders?|payments?|invoices?|notes?|messages?|customers?|profiles?|settings|secrets?|tokens?|sessions?|employees?|transactions?|audit\w*|logs?|admin\w*|my_?\w+)$/i;
const SELF_QUERY = /^(me|viewer|current_?user|who_?am_?i|my_?(profile|account|user))$/i;
const ADMIN_MUTATION = /(^|_)(admin\w*|set_?role|change_?role|update_?role|grant\w*|revoke\w*|ban_?\w*|promote\w*|demote\w*|impersonate\w*|suspend\w*|delete_?(user|account|member)s?|remove_?(user|account|member)s?|disable_?(user|account)|set_?permissions?|approve\w*)$/i;

const snake = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1_$2');

function fieldJson(ex: GqlExchange, name: string): string | undefined {
  const d = ex.result?.data as Record<string, unknown> | null | undefined;
  if (!d || typeof d !== 'object' || !(name in d)) return undefined;
  const v = d[name];
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return undefined;
  return JSON.stringify(v);
}

function refused(ex: GqlExchange): boolean {
  return ex.response.status === 401 || ex.response.status === 403 || (ex.result?.errors ?? []).some(isAuthRefusal);
}

function hasSensitiveFields(schema: GqlSchema, typeName: string): boolean {
  return (schema.types.get(typeName)?.fields ?? []).some((f) => sensitiveKind(f.name) !== undefined);
}

/** Sensitive-named keys with a non-empty value anywhere in a JSON answer. Pure. */
export function sensitiveValues(json: string): string[] {
  const out = new Set<string>();
  const walk = (v: unknown, depth: number) => {
    if (depth > 8 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.slice(0, 50).forEach((x) => walk(x, depth + 1));
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (typeof x === 'string' && x !== '' && sensitiveKind(k)) out.add(k);
      walk(x, depth + 1);
    }
  };
  try {
    walk(JSON.parse(json), 0);
  } catch {}
  return [...out];
}

function call(ctx: ScanContext, t: GqlTarget, f: GqlField, identity: string, byName: Record<string, string> = {}, root: 'query' | 'mutation' = 'query'): Promise<GqlExchange> {
  const schema = t.schema!;
  const sel = selectionFor(schema, namedType(f.type), 2);
  return gql(ctx, t.endpoint, `${root} { ${f.name}${argsFor(schema, f, { byName })}${sel ? ` ${sel}` : ''} }`, { identity });
}

async function unauthenticated(ctx: ScanContext, t: GqlTarget, report: ScanReporter, deadline: number): Promise<void> {
  const schema = t.schema!;
  const authed = ctx.identities.find((i) => i.authenticated && !isAdminRole(i.role))?.name ?? ctx.identities.find((i) => i.authenticated)?.name;
  for (const f of rootFields(schema, 'query').slice(0, 30)) {
    if (ctx.now() > deadline) return;
    if (f.args.some((a) => isRequired(a.type))) continue;
    const type = namedType(f.type);
    if (!['OBJECT', 'INTERFACE', 'UNION'].includes(typeKind(schema, type))) continue;
    if (!PRIVATE_QUERY.test(snake(f.name)) && !hasSensitiveFields(schema, type)) continue;
    const anon = await call(ctx, t, f, 'anonymous');
    const anonData = fieldJson(anon, f.name);
    if (!anonData || refused(anon)) continue;
    let user: GqlExchange | undefined;
    if (authed) {
      user = await call(ctx, t, f, authed);
      const userData = fieldJson(user, f.name);
      if (!userData || shapeSimilarity(userData, anonData) < 0.5) continue;
    }
    const count = isList(f.type) ? (JSON.parse(anonData) as unknown[]).length : 1;
    report({
      messageId: 'unauthenticated',
      data: { field: f.name, path: t.endpoint.path, summary: isList(f.type) ? `${count} ${type} objects` : `a ${type}` },
      method: 'POST', path: t.endpoint.path, url: t.endpoint.url,
      severity: sensitiveValues(anonData).length > 0 ? 'critical' : 'high',
      exchanges: [{ response: anon.response, label: 'anonymous' }, ...(user ? [{ response: user.response, label: `authenticated ${authed}` }] : [])],
      facts: { field: f.name, type, sensitiveFields: sensitiveValues(anonData) },
      key: `anon:${f.name}`,
    });
  }
}

interface Owned { readonly id: string; readonly type?: string }

function collectIds(v: unknown, out: Owned[], depth = 0): void {
  if (depth > 6 || out.length > 200 || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v.slice(0, 20)) collectIds(x, out, depth + 1);
    return;
  }
  const o = v as Record<string, unknown>;
  if ((typeof o.id === 'string' || typeof o.id === 'number') && !out.some((x) => x.id === String(o.id))) out.push({ id: String(o.id), ...(typeof o.__typename === 'string' ? { type: o.__typename } : {}) });
  for (const x of Object.values(o)) collectIds(x, out, depth + 1);
}

/** An identity's own views (me-like queries, private listings): its own id and each view's answer. */
async function ownView(ctx: ScanContext, t: GqlTarget, identity: string): Promise<{ self?: Owned; views: Map<string, unknown> }> {
  const schema = t.schema!;
  const views = new Map<string, unknown>();
  let self: Owned | undefined;
  for (const f of rootFields(schema, 'query')) {
    if (f.args.some((a) => isRequired(a.type)) || !PRIVATE_QUERY.test(snake(f.name))) continue;
    if (!['OBJECT', 'INTERFACE'].includes(typeKind(schema, namedType(f.type)))) continue;
    const ex = await call(ctx, t, f, identity);
    const json = fieldJson(ex, f.name);
    if (!json) continue;
    const value = JSON.parse(json) as unknown;
    if (SELF_QUERY.test(snake(f.name)) && value && typeof value === 'object' && !Array.isArray(value)) {
      const o = value as Record<string, unknown>;
      if (typeof o.id === 'string' || typeof o.id === 'number') self = { id: String(o.id), ...(typeof o.__typename === 'string' ? { type: o.__typename } : {}) };
    }
    views.set(f.name, value);
  }
  return { ...(self ? { self } : {}), views };
}

/** Ids seen in the views whose answer differs between two identities (listings everyone gets say nothing about ownership). */
function personalIds(mine: Map<string, unknown>, theirs: Map<string, unknown>): Owned[] {
  const out: Owned[] = [];
  for (const [name, v] of mine) if (JSON.stringify(v) !== JSON.stringify(theirs.get(name))) collectIds(v, out);
  return out;
}

function idArg(f: GqlField): string | undefined {
  const required = f.args.filter((a) => isRequired(a.type));
  if (required.length !== 1) return undefined;
  const a = required[0]!;
  return namedType(a.type) === 'ID' || /(^id$|Id$|_id$)/.test(a.name) ? a.name : undefined;
}

function fits(schema: GqlSchema, fieldType: string, objType: string | undefined): boolean {
  if (!objType || objType === fieldType) return true;
  const t = schema.types.get(fieldType);
  return Boolean(t && (t.kind === 'INTERFACE' || t.kind === 'UNION') && t.possibleTypes.includes(objType));
}

async function crossUser(ctx: ScanContext, t: GqlTarget, report: ScanReporter, deadline: number): Promise<void> {
  const schema = t.schema!;
  const users = userIdentities(ctx);
  if (users.length < 2) {
    ctx.notify('note', 'authz-needs-two-users', 'scan/graphql-broken-authorization needs two authenticated non-admin identities to compare objects across users; that part was skipped.');
    return;
  }
  const [a, b] = [users[0]!.name, users[1]!.name];
  const pairs: [string, string][] = [[a, b], [b, a]];
  const views = new Map([[a, await ownView(ctx, t, a)], [b, await ownView(ctx, t, b)]]);
  const byId = rootFields(schema, 'query').filter((f) => idArg(f) && ['OBJECT', 'INTERFACE', 'UNION'].includes(typeKind(schema, namedType(f.type))));
  for (const f of byId.slice(0, 10)) {
    if (ctx.now() > deadline) return;
    const arg = idArg(f)!;
    let done = false;
    for (const [victim, attacker] of pairs) {
      if (done) break;
      const v = views.get(victim)!;
      const w = views.get(attacker)!;
      const other = new Set(personalIds(w.views, v.views).map((x) => x.id));
      if (w.self) other.add(w.self.id);
      // The victim's own objects: its own id, and ids only the victim's personal views show.
      const owned = [...(v.self ? [v.self] : []), ...personalIds(v.views, w.views).filter((x) => !other.has(x.id) && x.id !== v.self?.id)];
      for (const obj of owned.filter((o) => fits(schema, namedType(f.type), o.type)).slice(0, 3)) {
        const owner1 = await call(ctx, t, f, victim, { [arg]: obj.id });
        const ownerData = fieldJson(owner1, f.name);
        if (!ownerData) continue;
        const owner2 = await call(ctx, t, f, victim, { [arg]: obj.id });
        const other2 = await call(ctx, t, f, attacker, { [arg]: obj.id });
        const otherData = fieldJson(other2, f.name);
        if (!otherData || refused(other2)) continue;
        const vol = volatilePaths(ownerData, fieldJson(owner2, f.name) ?? ownerData);
        if (similarity(ownerData, otherData, vol) < 0.95) continue;
        // An object anyone (even anonymous) gets alike may be public by design: lower confidence, unless it carries secrets.
        const anon = await call(ctx, t, f, 'anonymous', { [arg]: obj.id });
        const anonData = fieldJson(anon, f.name);
        const publicLooking = anonData !== undefined && !refused(anon) && similarity(ownerData, anonData, vol) >= 0.95;
        const secrets = sensitiveValues(otherData);
        report({
          messageId: 'crossUser',
          data: { attacker, victimIdentity: victim, type: obj.type ?? namedType(f.type), field: f.name, arg, id: obj.id, path: t.endpoint.path },
          method: 'POST', path: t.endpoint.path, url: t.endpoint.url,
          parameter: { in: 'graphql', name: `${f.name}.${arg}` },
          confidence: secrets.length > 0 || (!publicLooking && v.self?.id !== obj.id) ? 'high' : 'medium',
          ...(publicLooking ? { summary: `An anonymous caller gets the same object: unauthenticated access too, or a public object by design${secrets.length > 0 ? ` (it carries ${secrets.join(', ')})` : ''}.` } : {}),
          exchanges: [{ response: owner1.response, label: `owner ${victim}` }, { response: other2.response, label: `other user ${attacker}` }, ...(publicLooking ? [{ response: anon.response, label: 'anonymous' }] : [])],
          facts: { owner: victim, attacker, identifier: obj.id, field: f.name, anonymousGetsIt: publicLooking, sensitiveFields: secrets },
          key: `cross:${f.name}`,
        });
        done = true;
        break;
      }
    }
  }
}

async function adminMutations(ctx: ScanContext, t: GqlTarget, report: ScanReporter, deadline: number): Promise<void> {
  const schema = t.schema!;
  const user = userIdentities(ctx)[0]?.name;
  if (!user) return;
  const admin = adminIdentity(ctx)?.name;
  for (const f of rootFields(schema, 'mutation').filter((m) => ADMIN_MUTATION.test(snake(m.name))).slice(0, 8)) {
    if (ctx.now() > deadline) return;
    const required = f.args.filter((a) => isRequired(a.type));
    const idLike = (name: string, type: string) => type === 'ID' || /(^id$|Id$|_id$)/.test(name);
    // Only mutations aimed at an existing object: probed on one that does not exist, nothing changes.
    if (!required.some((a) => idLike(a.name, namedType(a.type)))) continue;
    if (!required.every((a) => ['ID', 'String', 'Int', 'Boolean'].includes(namedType(a.type)) || schema.types.get(namedType(a.type))?.kind === 'ENUM')) continue;
    const byName: Record<string, string> = {};
    for (const a of required) {
      const ty = namedType(a.type);
      if (idLike(a.name, ty)) byName[a.name] = ty === 'Int' ? '2147483646' : 'rampart-nonexistent-0';
      else if (/role/i.test(a.name) && ty === 'String') byName[a.name] = 'user';
    }
    const asUser = await call(ctx, t, f, user, byName, 'mutation');
    if (!asUser.result || refused(asUser)) continue;
    const d = asUser.result.data as Record<string, unknown> | null | undefined;
    const answered = (d && typeof d === 'object' && f.name in d) || asUser.result.errors.some((e) => e.path?.[0] === f.name);
    if (!answered) continue;
    const asAnon = await call(ctx, t, f, 'anonymous', byName, 'mutation');
    if (!refused(asAnon)) continue;
    report({
      messageId: 'adminMutation',
      data: { field: f.name, path: t.endpoint.path, who: user },
      method: 'POST', path: t.endpoint.path, url: t.endpoint.url,
      summary: `${f.name} was called on an object that does not exist; the resolver answered ${user} without an authorization error while the anonymous call was refused${admin ? ` (admin identity ${admin} configured)` : ''}.`,
      exchanges: [{ response: asUser.response, label: `regular user ${user}` }, { response: asAnon.response, label: 'anonymous' }],
      facts: { field: f.name, caller: user },
      key: `admin:${f.name}`,
    });
  }
}

const WRITE_ON_OBJECT = /^(update|delete|remove|edit|set|change|patch|archive|cancel|close|transfer|assign|move|rename|publish|unpublish)/i;

/** Mutations on an existing object (update/delete-like), probed anonymously on one that does not exist. */
async function anonymousMutations(ctx: ScanContext, t: GqlTarget, report: ScanReporter, deadline: number): Promise<void> {
  const schema = t.schema!;
  // A control: the server must refuse an anonymous caller somewhere (a me-like query), or silence means nothing.
  const self = rootFields(schema, 'query').find((f) => SELF_QUERY.test(snake(f.name)) && !f.args.some((a) => isRequired(a.type)));
  if (!self) return;
  const control = await call(ctx, t, self, 'anonymous');
  if (!refused(control)) return;
  for (const f of rootFields(schema, 'mutation').filter((m) => WRITE_ON_OBJECT.test(m.name) && !ADMIN_MUTATION.test(snake(m.name))).slice(0, 8)) {
    if (ctx.now() > deadline) return;
    const required = f.args.filter((a) => isRequired(a.type));
    const idArgs = required.filter((a) => namedType(a.type) === 'ID' || /(^id$|Id$|_id$)/.test(a.name));
    if (idArgs.length === 0) continue;
    if (!required.every((a) => ['ID', 'String', 'Int', 'Boolean', 'Float'].includes(namedType(a.type)) || schema.types.get(namedType(a.type))?.kind === 'ENUM')) continue;
    const byName: Record<string, string> = {};
    for (const a of idArgs) byName[a.name] = namedType(a.type) === 'Int' ? '2147483646' : 'rampart-nonexistent-0';
    const ex = await call(ctx, t, f, 'anonymous', byName, 'mutation');
    if (!ex.result || refused(ex)) continue;
    const d = ex.result.data as Record<string, unknown> | null | undefined;
    if (!((d && typeof d === 'object' && f.name in d) || ex.result.errors.some((e) => e.path?.[0] === f.name))) continue;
    report({
      messageId: 'anonymousMutation',
      data: { field: f.name, path: t.endpoint.path, control: self.name },
      method: 'POST', path: t.endpoint.path, url: t.endpoint.url,
      confidence: 'medium',
      summary: `${f.name} was called anonymously on an object that does not exist and answered without an authorization error; the anonymous query ${self.name} is refused.`,
      exchanges: [{ response: ex.response, label: 'anonymous mutation' }, { response: control.response, label: `anonymous ${self.name} (refused)` }],
      facts: { field: f.name },
      key: `anon-mutation:${f.name}`,
    });
  }
}

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: 140, writes: true }),
  async run(ctx, report) {
    const t = await graphqlTarget(ctx);
    if (!t?.schema) return;
    const budgetMs = typeof ctx.options.timeBudgetMs === 'number' ? ctx.options.timeBudgetMs : 120_000;
    const deadline = ctx.now() + budgetMs;
    await unauthenticated(ctx, t, report, deadline);
    await crossUser(ctx, t, report, deadline);
    await adminMutations(ctx, t, report, deadline);
    await anonymousMutations(ctx, t, report, deadline);
    if (ctx.now() > deadline) ctx.notify('note', 'graphql-authz-budget', `scan/graphql-broken-authorization stopped on its time budget (${budgetMs} ms); some resolvers were not compared.`);
  },
});
