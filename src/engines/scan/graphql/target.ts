// Finding the GraphQL endpoint of a target and learning its schema, once per scan: every GraphQL
// check asks `graphqlTarget(ctx)` and they share one discovery (keyed on the scan's `send`, which
// is one per scan, so parallel scans never share it).
import { getIntrospectionQuery } from 'graphql';
import type { ScanContext } from '../define.js';
import type { GqlEndpoint, GqlExchange } from './client.js';
import { dataField, gql, gqlPostRaw, gqlSend } from './client.js';
import { FINGERPRINT_QUERY, fingerprintEngine } from './fingerprint.js';
import { recoverSchema } from './recover.js';
import type { GqlSchema } from './schema.js';
import { schemaFromIntrospection, schemaFromSdl } from './schema.js';

/** Paths probed, relative to the origin and to the target's base path. */
export const GRAPHQL_ENDPOINT_PATHS: readonly string[] = [
  '/graphql', '/api/graphql', '/graphql/v1', '/v1/graphql', '/api/v1/graphql', '/v2/graphql', '/query', '/api/query', '/gql', '/api/gql',
  '/graphiql', '/playground', '/altair', '/graph', '/api', '/graphql/console', '/graphql-api', '/index.php?graphql',
];

export interface GqlTarget {
  readonly endpoint: GqlEndpoint;
  /** How the endpoint answered `{ __typename }`: `json` (POST application/json), `get`, `graphql` (application/graphql). */
  readonly transport: 'json' | 'get' | 'graphql';
  readonly schema?: GqlSchema;
  /** The introspection exchange when introspection answered with a schema. */
  readonly introspection?: GqlExchange;
  /** Who it answered: `anonymous` or the scan's default identity. */
  readonly introspectionIdentity?: string;
  /** The exchange in which the server gave field suggestions during recovery, if it did. */
  readonly suggestionEvidence?: GqlExchange;
  /** The malformed-query exchange used to fingerprint the engine. */
  readonly fingerprint?: GqlExchange;
}

const cache = new WeakMap<object, Promise<GqlTarget | undefined>>();

/** The GraphQL endpoint and schema of the scan's target, discovered once per scan. */
export function graphqlTarget(ctx: ScanContext): Promise<GqlTarget | undefined> {
  const key = ctx.send as unknown as object;
  let p = cache.get(key);
  if (!p) {
    p = discoverTarget(ctx);
    cache.set(key, p);
  }
  return p;
}

function candidates(ctx: ScanContext): string[] {
  const origin = new URL(ctx.target).origin;
  const basePath = new URL(ctx.target).pathname.replace(/\/+$/, '');
  const out: string[] = [];
  const add = (u: string) => {
    if (!out.includes(u)) out.push(u);
  };
  const opt = ctx.options.endpoint;
  if (typeof opt === 'string' && opt) add(/^https?:/i.test(opt) ? opt : `${origin}${opt.startsWith('/') ? opt : `/${opt}`}`);
  for (const op of ctx.surface.operations) if (/graph|gql/i.test(op.path) && !op.path.includes('{')) add(`${origin}${basePath}${op.path}`);
  for (const p of GRAPHQL_ENDPOINT_PATHS) {
    if (basePath) add(`${origin}${basePath}${p}`);
    add(`${origin}${p}`);
  }
  return out;
}

function typenameOf(ex: GqlExchange): string | undefined {
  const t = dataField(ex.result, '__typename');
  return typeof t === 'string' && /^\w+$/.test(t) ? t : undefined;
}

async function probeEndpoint(ctx: ScanContext, url: string): Promise<{ transport: GqlTarget['transport']; queryType: string } | undefined> {
  const post = await gqlPostRaw(ctx, url, { query: 'query { __typename }' }, { identity: 'anonymous', timeoutMs: 5000 });
  const t1 = typenameOf(post);
  if (t1) return { transport: 'json', queryType: t1 };
  // An endpoint behind authentication: ask again as the scan's identity.
  if ((post.response.status === 401 || post.response.status === 403) && ctx.identity !== 'anonymous') {
    const authed = await gqlPostRaw(ctx, url, { query: 'query { __typename }' }, { timeoutMs: 5000 });
    const ta = typenameOf(authed);
    if (ta) return { transport: 'json', queryType: ta };
  }
  // content-type probing: some servers only speak GET or application/graphql
  if (post.response.status === 0) return undefined;
  const u = new URL(url);
  u.searchParams.set('query', 'query { __typename }');
  const get = await gqlSend(ctx, { method: 'GET', url: u.href, headers: { accept: 'application/json' }, identity: 'anonymous' });
  const t2 = typenameOf(get);
  if (t2) return { transport: 'get', queryType: t2 };
  const raw = await gqlSend(ctx, { method: 'POST', url, headers: { 'content-type': 'application/graphql', accept: 'application/json' }, body: 'query { __typename }', identity: 'anonymous' });
  const t3 = typenameOf(raw);
  return t3 ? { transport: 'graphql', queryType: t3 } : undefined;
}

async function discoverTarget(ctx: ScanContext): Promise<GqlTarget | undefined> {
  let found: { url: string; transport: GqlTarget['transport']; queryType: string } | undefined;
  // Bounded in count and time: a target that answers slowly everywhere must not hold the scan.
  const deadline = ctx.now() + (typeof ctx.options.discoveryBudgetMs === 'number' ? ctx.options.discoveryBudgetMs : 30_000);
  for (const url of candidates(ctx).slice(0, 40)) {
    if (ctx.now() > deadline) {
      ctx.notify('note', 'graphql-discovery-budget', 'GraphQL endpoint discovery stopped on its time budget before trying every common path.');
      break;
    }
    const r = await probeEndpoint(ctx, url);
    if (r) {
      found = { url, ...r };
      break;
    }
  }
  if (!found) return undefined;
  const path = new URL(found.url).pathname;
  const fpEx = await gql(ctx, { url: found.url }, FINGERPRINT_QUERY);
  const engine = fingerprintEngine(fpEx.result?.errors ?? []);
  const endpoint: GqlEndpoint = { url: found.url, path, queryType: found.queryType, ...(engine ? { engine } : {}) };
  const base = { endpoint, transport: found.transport, fingerprint: fpEx };
  ctx.notify('note', 'graphql-endpoint', `GraphQL endpoint at ${path} (${found.transport === 'json' ? 'POST application/json' : found.transport === 'get' ? 'GET only' : 'POST application/graphql'}; engine: ${engine ?? 'not recognised'}).`);

  const sdl = ctx.options.sdl;
  if (typeof sdl === 'string' && sdl.trim()) {
    try {
      return { ...base, schema: schemaFromSdl(sdl) };
    } catch (e) {
      ctx.notify('warning', 'graphql-sdl-invalid', `The GraphQL SDL given in the options does not parse (${(e as Error).message}); learning the schema from the server instead.`);
    }
  }
  // Anonymously first (the worse exposure), then as the scan's default identity.
  for (const identity of [...new Set(['anonymous', ctx.identity])]) {
    const intro = await gql(ctx, endpoint, getIntrospectionQuery({ descriptions: false }), { identity, maxBytes: 8 * 1024 * 1024, timeoutMs: 15_000 });
    const fromIntro = intro.result?.hasData ? schemaFromIntrospection(intro.result.data) : undefined;
    if (fromIntro) return { ...base, schema: fromIntro, introspection: intro, introspectionIdentity: identity };
  }

  const mut = await gql(ctx, endpoint, 'mutation { __typename }');
  const mutationType = typenameOf(mut);
  const rec = await recoverSchema(ctx, endpoint, mutationType, { maxRequests: 40, deadline: ctx.now() + 30_000 });
  if (rec.schema) ctx.notify('note', 'graphql-schema-recovered', `Introspection is off at ${path}; ${[...rec.schema.types.values()].reduce((n, t) => n + t.fields.length, 0)} fields recovered from field suggestions in ${rec.requests} requests.`);
  return { ...base, ...(rec.schema ? { schema: rec.schema } : {}), ...(rec.evidence ? { suggestionEvidence: rec.evidence } : {}) };
}
