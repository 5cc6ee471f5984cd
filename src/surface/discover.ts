/**
 * Discovery: find an API's description when none is given, by probing well-known documentation
 * paths (OpenAPI/Swagger JSON and YAML of common frameworks, Swagger UI and ReDoc pages, GraphQL
 * endpoints). The HTTP GET is injected, so this module opens no socket itself.
 */
import { loadOpenApiText } from './openapi.js';
import type { ApiSurface } from './model.js';

export interface FetchedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly url: string;
}

export type Fetcher = (req: { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string }) => Promise<FetchedResponse>;

/** Machine-readable API descriptions, by framework convention. */
export const SPEC_PATHS: readonly string[] = [
  '/openapi.json',
  '/openapi.yaml',
  '/openapi.yml',
  '/swagger.json',
  '/swagger.yaml',
  '/api-docs',
  '/api-docs.json',
  '/v3/api-docs',
  '/v3/api-docs.yaml',
  '/v2/api-docs',
  '/swagger/v1/swagger.json',
  '/swagger/doc.json',
  '/api/openapi.json',
  '/api/openapi.yaml',
  '/api/swagger.json',
  '/api/v1/openapi.json',
  '/api/v1/swagger.json',
  '/api/docs/openapi.json',
  '/api/schema/',
  '/docs/openapi.json',
  '/.well-known/openapi.json',
  '/openapi/v1.json',
  '/spec.json',
];

/** Human documentation pages that embed a spec URL. */
export const UI_PATHS: readonly string[] = ['/docs', '/redoc', '/swagger-ui.html', '/swagger-ui/', '/swagger/', '/swagger/index.html', '/api-docs/', '/api/docs', '/docs/'];

/** GraphQL endpoints. */
export const GRAPHQL_PATHS: readonly string[] = ['/graphql', '/api/graphql', '/v1/graphql', '/graphiql', '/query'];

export interface DiscoveredDoc {
  readonly kind: 'openapi' | 'swagger-ui' | 'redoc' | 'graphql';
  /** Path relative to the base it was found under. */
  readonly path: string;
  readonly url: string;
  readonly operations?: number;
  readonly title?: string;
}

export interface DiscoveryResult {
  readonly docs: readonly DiscoveredDoc[];
  /** The operations of the first valid spec found. */
  readonly surface?: ApiSurface;
  readonly requests: number;
}

/** True when a text looks like an OpenAPI or Swagger document (before parsing it). Pure. */
export function looksLikeSpec(body: string): boolean {
  const head = body.slice(0, 4096);
  return /["']?(openapi|swagger)["']?\s*:\s*["']?[23]\./.test(head) && /["']?paths["']?\s*:/.test(body);
}

/** The spec URL an HTML documentation page loads, if it names one. Pure. */
export function specUrlInPage(html: string): { kind: 'swagger-ui' | 'redoc'; url?: string } | undefined {
  const isSwagger = /swagger-ui|SwaggerUIBundle/i.test(html);
  const isRedoc = /<redoc\b|redoc\.standalone|Redoc\.init/i.test(html);
  if (!isSwagger && !isRedoc) return undefined;
  const m = /spec-url=["']([^"']+)["']|\burl\s*:\s*["']([^"']+\.(?:json|ya?ml)[^"']*|[^"']*api-docs[^"']*)["']|Redoc\.init\(\s*["']([^"']+)["']/i.exec(html);
  const url = m?.[1] ?? m?.[2] ?? m?.[3];
  return { kind: isSwagger ? 'swagger-ui' : 'redoc', ...(url ? { url } : {}) };
}

/** Parse a fetched spec; undefined when it is not a valid OpenAPI/Swagger document. */
export function parseSpec(body: string, url: string): ApiSurface | undefined {
  if (!looksLikeSpec(body)) return undefined;
  try {
    return loadOpenApiText(body, url, { readFile: () => { throw new Error('no external refs during discovery'); } }).surface;
  } catch {
    return undefined;
  }
}

/**
 * Probe the well-known paths under `basePaths` (the target's path and the root) and return what was
 * found. A control request to a random path first: a server that answers everything alike (a soft
 * 404 or a honeypot) is not taken at its word.
 */
export async function discover(fetcher: Fetcher, opts: { random?: () => number; graphql?: boolean; maxDocs?: number } = {}): Promise<DiscoveryResult> {
  let requests = 0;
  const get = async (path: string) => {
    requests++;
    return fetcher({ method: 'GET', path, headers: { accept: 'application/json, application/yaml, text/html;q=0.9, */*;q=0.5' } });
  };
  const random = opts.random ?? (() => 0.5);
  const control = await get(`/rampart-${Math.floor(random() * 1e9).toString(36)}-not-here.json`);
  const docs: DiscoveredDoc[] = [];
  let surface: ApiSurface | undefined;
  const seenSpec = new Set<string>();
  const sameAsControl = (r: FetchedResponse) => control.status === r.status && control.body === r.body;
  const trySpec = async (path: string, r?: FetchedResponse) => {
    const res = r ?? (await get(path));
    if (res.status !== 200 || sameAsControl(res)) return;
    const s = parseSpec(res.body, res.url);
    if (!s) return;
    const sig = `${s.title}|${s.operations.length}|${s.operations.map((o) => o.key).join(',')}`;
    if (seenSpec.has(sig)) return;
    seenSpec.add(sig);
    docs.push({ kind: 'openapi', path, url: res.url, operations: s.operations.length, ...(s.title ? { title: s.title } : {}) });
    surface ??= s;
  };
  for (const p of SPEC_PATHS) {
    await trySpec(p);
    if (opts.maxDocs && docs.length >= opts.maxDocs) break;
  }
  for (const p of UI_PATHS) {
    const res = await get(p);
    if (res.status !== 200 || sameAsControl(res)) continue;
    const page = specUrlInPage(res.body);
    if (!page) continue;
    docs.push({ kind: page.kind, path: p, url: res.url });
    if (page.url && !surface) {
      let rel = page.url;
      try {
        const abs = new URL(page.url, res.url);
        if (abs.origin === new URL(res.url).origin) rel = abs.pathname + abs.search;
        else continue; // a spec on another host is never fetched
      } catch {
        continue;
      }
      await trySpec(rel);
    }
  }
  if (opts.graphql !== false) {
    for (const p of GRAPHQL_PATHS) {
      requests++;
      const res = await fetcher({ method: 'POST', path: p, headers: { 'content-type': 'application/json' }, body: '{"query":"query { __typename }"}' });
      if (res.status === 200 && /"__typename"\s*:\s*"\w+"/.test(res.body) && /"data"\s*:/.test(res.body)) {
        docs.push({ kind: 'graphql', path: p, url: res.url });
        break;
      }
    }
  }
  return { docs, ...(surface ? { surface } : {}), requests };
}
