// Sending GraphQL requests through the scan context and reading the answers. Every request goes
// through `ctx.send` (scope guard, identities, budget); bodies are capped so a hostile server that
// answers with megabytes cannot slow the scan down.
import type { HttpResponse, ScanContext } from '../define.js';

/** A GraphQL endpoint found on the target. */
export interface GqlEndpoint {
  /** Absolute URL. */
  readonly url: string;
  /** Path relative to the target's origin, for findings. */
  readonly path: string;
  /** The server engine guessed from its error shapes, when known. */
  readonly engine?: string;
  /** The root query type's name (`Query` by default). */
  readonly queryType: string;
}

export interface GqlError {
  readonly message: string;
  readonly extensions?: Readonly<Record<string, unknown>>;
  readonly path?: readonly (string | number)[];
}

/** One GraphQL result (one element of a batch answer, or the whole answer). */
export interface GqlResult {
  readonly data?: unknown;
  readonly errors: readonly GqlError[];
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** `data` is present and not null. */
  readonly hasData: boolean;
}

/** An exchange: the raw response and what it said in GraphQL terms. */
export interface GqlExchange {
  readonly response: HttpResponse;
  /** Undefined when the body is not a GraphQL answer (not JSON, cut, HTML, another shape). */
  readonly result?: GqlResult;
  /** Array batching answers: one result per element. */
  readonly batch?: readonly GqlResult[];
}

export interface GqlRequestOptions {
  readonly identity?: string;
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly operationName?: string;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Default caps: a GraphQL answer bigger than this is treated as unreadable. */
export const DEFAULT_MAX_BYTES = 512 * 1024;
export const DEFAULT_TIMEOUT_MS = 10_000;

function asResult(v: unknown): GqlResult | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const hasDataKey = 'data' in o;
  const errs = o.errors;
  if (!hasDataKey && !Array.isArray(errs)) return undefined;
  if (errs !== undefined && !Array.isArray(errs)) return undefined;
  const errors: GqlError[] = [];
  for (const e of (errs as unknown[] | undefined) ?? []) {
    if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') {
      const x = e as { message: string; extensions?: unknown; path?: unknown };
      errors.push({
        message: x.message,
        ...(x.extensions && typeof x.extensions === 'object' ? { extensions: x.extensions as Record<string, unknown> } : {}),
        ...(Array.isArray(x.path) ? { path: x.path as (string | number)[] } : {}),
      });
    } else if (typeof e === 'string') errors.push({ message: e });
  }
  if (!hasDataKey && errors.length === 0) return undefined;
  const data = o.data;
  return {
    ...(hasDataKey ? { data } : {}),
    errors,
    ...(o.extensions && typeof o.extensions === 'object' ? { extensions: o.extensions as Record<string, unknown> } : {}),
    hasData: data !== undefined && data !== null,
  };
}

/** Read a response body as a GraphQL answer (single or batch). Pure. */
export function readGraphql(res: HttpResponse): Pick<GqlExchange, 'result' | 'batch'> {
  if (res.status === 0 || res.truncated) return {};
  const t = res.body.trim();
  if (!t || (t[0] !== '{' && t[0] !== '[')) return {};
  let j: unknown;
  try {
    j = JSON.parse(t);
  } catch {
    return {};
  }
  if (Array.isArray(j)) {
    const batch = j.map(asResult);
    if (batch.length === 0 || batch.some((b) => b === undefined)) return {};
    return { batch: batch as GqlResult[] };
  }
  const result = asResult(j);
  return result ? { result } : {};
}

/** POST a JSON GraphQL request (`body` may be an array for batching). */
export async function gqlPostRaw(ctx: ScanContext, url: string, body: unknown, o: GqlRequestOptions = {}): Promise<GqlExchange> {
  const response = await ctx.send({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(o.headers ?? {}) },
    body: JSON.stringify(body),
    ...(o.identity ? { identity: o.identity } : {}),
    followRedirects: false,
    timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBytes: o.maxBytes ?? DEFAULT_MAX_BYTES,
  });
  return { response, ...readGraphql(response) };
}

/** POST one query. */
export function gql(ctx: ScanContext, ep: Pick<GqlEndpoint, 'url'>, query: string, o: GqlRequestOptions = {}): Promise<GqlExchange> {
  return gqlPostRaw(ctx, ep.url, { query, ...(o.variables ? { variables: o.variables } : {}), ...(o.operationName ? { operationName: o.operationName } : {}) }, o);
}

/** Send a request of any shape (GET, form, text/plain) and read the answer as GraphQL. */
export async function gqlSend(ctx: ScanContext, req: { method: string; url: string; headers?: Record<string, string>; body?: string; identity?: string }): Promise<GqlExchange> {
  const response = await ctx.send({ ...req, followRedirects: false, timeoutMs: DEFAULT_TIMEOUT_MS, maxBytes: DEFAULT_MAX_BYTES });
  return { response, ...readGraphql(response) };
}

/** All error messages of an exchange, joined (batch answers included). */
export function errorMessages(ex: GqlExchange): string[] {
  const all = [...(ex.result?.errors ?? []), ...(ex.batch ?? []).flatMap((b) => b.errors)];
  return all.map((e) => e.message);
}

/** The value at `data.<key>` of a result. */
export function dataField(r: GqlResult | undefined, key: string): unknown {
  if (!r?.data || typeof r.data !== 'object') return undefined;
  return (r.data as Record<string, unknown>)[key];
}

const REFUSAL = /\b(unauthori[sz]ed|unauthenticated|forbidden|not authori[sz]ed|not authenticated|access denied|permission|not allowed|login required|must be logged in|requires? (an? )?(admin|authentication|login|role)|insufficient|no access|denied)\b/i;

/** An error that says "you may not" rather than "not found" or "bad input". */
export function isAuthRefusal(e: GqlError): boolean {
  const code = String(e.extensions?.code ?? '');
  return /UNAUTHENTICATED|FORBIDDEN|UNAUTHORIZED|ACCESS_DENIED|PERMISSION/i.test(code) || REFUSAL.test(e.message);
}

const LIMIT = /\b(limit|exceed(s|ed)?|too (many|deep|complex|large|expensive)|maximum|max(imum)?[ -]?(depth|aliases|directives|cost|complexity|tokens|batch)|complexity|cost|depth|batch(ing)? (is )?(not|disabled)|not allowed|disabled)\b/i;

/** An error that says the request was refused for its size or shape (a protection limit). */
export function isLimitError(e: GqlError): boolean {
  return LIMIT.test(e.message) || /LIMIT|COMPLEXITY|DEPTH|COST|BATCH/i.test(String(e.extensions?.code ?? ''));
}
