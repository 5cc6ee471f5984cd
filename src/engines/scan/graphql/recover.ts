// Schema recovery from "Did you mean" suggestions, for servers with introspection off: field names
// from a bounded word list are sent in documents that never execute (each carries one field that
// cannot exist, so validation fails), and the validation errors name the real fields, their types
// and their required arguments.
import type { ScanContext } from '../define.js';
import type { GqlEndpoint, GqlExchange } from './client.js';
import { gql } from './client.js';
import { literalFor } from './query.js';
import type { GqlField, GqlSchema, GqlType, GqlTypeRef } from './schema.js';
import { isRequired, namedType, parseTypeString } from './schema.js';

/** Common API field names: the seed list (bounded; suggestions extend it). */
export const FIELD_WORDS: readonly string[] = [
  'me', 'viewer', 'user', 'users', 'account', 'accounts', 'admin', 'login', 'logout', 'register', 'signup', 'signin', 'token',
  'node', 'nodes', 'search', 'post', 'posts', 'comment', 'comments', 'note', 'notes', 'order', 'orders', 'product', 'products',
  'item', 'items', 'cart', 'payment', 'payments', 'invoice', 'invoices', 'customer', 'customers', 'profile', 'settings', 'config',
  'file', 'files', 'upload', 'message', 'messages', 'group', 'groups', 'team', 'teams', 'role', 'roles', 'permissions', 'session',
  'event', 'events', 'ticket', 'tickets', 'project', 'projects', 'task', 'tasks', 'id', 'name', 'email', 'username', 'password',
  'firstName', 'lastName', 'phone', 'address', 'title', 'body', 'content', 'text', 'description', 'createdAt', 'updatedAt', 'status',
  'type', 'owner', 'author', 'price', 'amount', 'total', 'count', 'edges', 'cursor', 'pageInfo', 'data', 'results', 'list', 'create',
  'update', 'delete', 'reset', 'verify', 'otp', 'code', 'apiKey', 'secret', 'ssn', 'card', 'health', 'version', 'debug', 'internal',
  'flags', 'tenant', 'organization', 'company', 'employee', 'report', 'logs', 'audit', 'notification', 'transfer', 'transactions',
  'balance', 'wallet', 'friends', 'followers', 'createUser', 'updateUser', 'deleteUser', 'createPost', 'deletePost', 'createNote',
  'resetPassword', 'changePassword', 'verifyOtp', 'setRole', 'upload', 'refreshToken',
];

/** Common argument names, tried on recovered root fields (optional arguments do not show otherwise). */
export const ARG_WORDS: readonly string[] = ['id', 'ids', 'first', 'last', 'limit', 'offset', 'skip', 'take', 'size', 'page', 'pageSize', 'perPage', 'count', 'after', 'before', 'name', 'email', 'username', 'search', 'query', 'q', 'term', 'filter', 'where', 'orderBy', 'sort', 'input', 'type', 'status', 'code'];

const INVALID_FIELD = '__rampartNoSuchField';
const UNKNOWN_ARG = /^Unknown argument "(\w+)" on field "\w+\.(\w+)"\.(.*)$/s;
const NAME = /"([_A-Za-z][_0-9A-Za-z]*)"/g;
const CANNOT_QUERY = /^Cannot query field "(\w+)" on type "(\w+)"\.(.*)$/s;
const SUBFIELDS = /^Field "(\w+)" of type "([^"]+)" must have a selection of subfields/;
const REQUIRED_ARG = /^Field "(\w+)" argument "(\w+)" of type "([^"]+)" is required/;

export interface RecoveryOptions {
  readonly maxRequests: number;
  readonly deadline: number;
}

/** What one probe's errors said about a type. Pure. */
export function readSuggestions(messages: readonly string[], typeName: string): { suggested: Set<string>; objects: Map<string, string>; requiredArgs: Map<string, { name: string; type: string }[]>; unknown: Set<string> } {
  const suggested = new Set<string>();
  const objects = new Map<string, string>();
  const requiredArgs = new Map<string, { name: string; type: string }[]>();
  const unknown = new Set<string>();
  for (const m of messages) {
    const c = CANNOT_QUERY.exec(m);
    if (c && c[2] === typeName) {
      unknown.add(c[1]!);
      const tail = /Did you mean (.*)\?/s.exec(c[3] ?? '');
      if (tail) for (const n of tail[1]!.matchAll(NAME)) suggested.add(n[1]!);
      continue;
    }
    const s = SUBFIELDS.exec(m);
    if (s) {
      objects.set(s[1]!, s[2]!);
      continue;
    }
    const r = REQUIRED_ARG.exec(m);
    if (r) {
      const list = requiredArgs.get(r[1]!) ?? [];
      if (!list.some((a) => a.name === r[2])) list.push({ name: r[2]!, type: r[3]! });
      requiredArgs.set(r[1]!, list);
    }
  }
  return { suggested, objects, requiredArgs, unknown };
}

/**
 * Recover root fields of the query (and mutation) type and one level below. Returns undefined when
 * the server gave no suggestion and no field was confirmed. Bounded by `maxRequests` and `deadline`.
 */
export async function recoverSchema(ctx: ScanContext, ep: GqlEndpoint, mutationType: string | undefined, o: RecoveryOptions): Promise<{ schema?: GqlSchema; requests: number; suggestions: number; evidence?: GqlExchange }> {
  let requests = 0;
  let suggestionsSeen = 0;
  let evidence: GqlExchange | undefined;
  const types = new Map<string, GqlType>();
  const kinds = new Map<string, string>([['String', 'SCALAR'], ['Int', 'SCALAR'], ['Float', 'SCALAR'], ['Boolean', 'SCALAR'], ['ID', 'SCALAR']]);
  const kindOf = (n: string) => kinds.get(n) ?? 'SCALAR';
  const budgetLeft = () => requests < o.maxRequests && ctx.now() < o.deadline;

  const probe = async (wrap: (inner: string) => string, names: readonly string[], typeName: string) => {
    requests++;
    const ex = await gql(ctx, ep, wrap(`${INVALID_FIELD} ${names.join(' ')}`));
    const msgs = (ex.result?.errors ?? []).map((e) => e.message);
    const r = readSuggestions(msgs, typeName);
    if (r.suggested.size > 0) {
      suggestionsSeen += r.suggested.size;
      evidence ??= ex;
    }
    return { r, readable: ex.result !== undefined };
  };

  /** Learn the fields of one type reached through `wrap`. */
  const learnType = async (typeName: string, wrap: (inner: string) => string): Promise<GqlType | undefined> => {
    const fields = new Map<string, { type?: string; args: { name: string; type: string }[] }>();
    const tried = new Set<string>();
    const queue = [...FIELD_WORDS];
    while (queue.length > 0 && budgetLeft()) {
      const batch = queue.splice(0, 40).filter((w) => !tried.has(w));
      if (batch.length === 0) continue;
      for (const w of batch) tried.add(w);
      const { r, readable } = await probe(wrap, batch, typeName);
      // A server that does not name the field that cannot exist says nothing by its silence either.
      if (!readable || !r.unknown.has(INVALID_FIELD)) break;
      for (const w of batch) {
        if (r.unknown.has(w)) continue;
        const f = fields.get(w) ?? { args: [] };
        if (r.objects.has(w)) f.type = r.objects.get(w)!;
        for (const a of r.requiredArgs.get(w) ?? []) if (!f.args.some((x) => x.name === a.name)) f.args.push(a);
        fields.set(w, f);
      }
      for (const s of r.suggested) if (!tried.has(s) && !queue.includes(s)) queue.unshift(s);
    }
    if (fields.size === 0) return undefined;
    for (const f of fields.values()) if (f.type) kinds.set(namedType(parseTypeString(f.type)), 'OBJECT');
    const t: GqlType = {
      name: typeName,
      kind: 'OBJECT',
      fields: [...fields].map(([name, f]): GqlField => ({
        name,
        args: f.args.map((a) => ({ name: a.name, type: parseTypeString(a.type, kindOf) })),
        type: f.type ? parseTypeString(f.type, (n) => (kinds.get(n) === 'SCALAR' ? 'SCALAR' : 'OBJECT')) : { kind: 'SCALAR', name: 'String' },
      })),
      inputFields: [],
      enumValues: [],
      possibleTypes: [],
    };
    types.set(typeName, t);
    return t;
  };

  const q = await learnType(ep.queryType, (inner) => `query { ${inner} }`);
  // Optional arguments of the root query fields, from "Unknown argument" errors and their suggestions.
  for (const [i, f] of (q?.fields ?? []).slice(0, 10).entries()) {
    if (!budgetLeft()) break;
    const known = new Set(f.args.map((a) => a.name));
    const words = ARG_WORDS.filter((w) => !known.has(w));
    const sel = kindOf(namedType(f.type)) === 'OBJECT' ? ' { __typename }' : '';
    const required = f.args.filter((a) => isRequired(a.type)).map((a) => `${a.name}: ${literalFor({ queryType: ep.queryType, types, source: 'suggestions' }, a.type)}`);
    requests++;
    const ex = await gql(ctx, ep, `query { ${INVALID_FIELD} ${f.name}(${[...required, ...words.map((w) => `${w}: 1`)].join(', ')})${sel} }`);
    const msgs = (ex.result?.errors ?? []).map((e) => e.message);
    const unknown = new Set<string>();
    const suggested = new Set<string>();
    for (const m of msgs) {
      const u = UNKNOWN_ARG.exec(m);
      if (!u || u[2] !== f.name) continue;
      unknown.add(u[1]!);
      const tail = /Did you mean (.*)\?/s.exec(u[3] ?? '');
      if (tail) for (const n of tail[1]!.matchAll(NAME)) suggested.add(n[1]!);
    }
    // Silence proves nothing unless the server names unknown arguments at all.
    if (unknown.size === 0 && suggested.size === 0) continue;
    const found = [...words.filter((w) => !unknown.has(w)), ...[...suggested].filter((w) => !known.has(w) && !words.includes(w))];
    const guess = (n: string): GqlTypeRef => ({ kind: 'SCALAR', name: /^(first|last|limit|offset|skip|take|size|page|pageSize|perPage|count)$/.test(n) ? 'Int' : /^ids?$|Id$/.test(n) ? 'ID' : 'String' });
    q!.fields[i] = { ...f, args: [...f.args, ...found.map((n) => ({ name: n, type: guess(n) }))] };
  }
  if (mutationType && budgetLeft()) await learnType(mutationType, (inner) => `mutation { ${inner} }`);
  // One level below the root query fields that return objects.
  const partial: GqlSchema = { queryType: ep.queryType, ...(mutationType ? { mutationType } : {}), types, source: 'suggestions' };
  for (const f of (q?.fields ?? []).slice(0, 8)) {
    if (!budgetLeft()) break;
    const inner = namedType(f.type);
    if (kindOf(inner) !== 'OBJECT' || types.has(inner)) continue;
    const args = f.args.filter((a) => isRequired(a.type)).map((a) => `${a.name}: ${literalFor(partial, a.type as GqlTypeRef)}`);
    const call = `${f.name}${args.length ? `(${args.join(', ')})` : ''}`;
    await learnType(inner, (x) => `query { ${call} { ${x} } }`);
  }
  if (types.size === 0) return { requests, suggestions: suggestionsSeen, ...(evidence ? { evidence } : {}) };
  return { schema: partial, requests, suggestions: suggestionsSeen, ...(evidence ? { evidence } : {}) };
}
