/**
 * Import a Postman collection (v2.1, and v2.0 which has the same shape) into the operation model:
 * folders become tags, `{{variables}}` are substituted from the collection (and the caller's values),
 * `:name` path variables become path parameters, and collection/folder/request auth becomes the
 * operation's security requirement plus an identity the scan can use.
 */
import { ToolError } from '../core/errors.js';
import { inferSchema } from './examples.js';
import { parseJsonDocument } from './har.js';
import type { ApiSurface, HttpMethod, Operation, Parameter, SecurityScheme } from './model.js';

type Obj = Record<string, unknown>;
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE']);

/** An identity derived from a collection's auth (same shape as the config's identities). */
export type PostmanIdentity =
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'apiKey'; in: 'header' | 'query'; name: string; value: string };

export interface PostmanImport {
  readonly surface: ApiSurface;
  /** Credentials found in the collection's auth blocks, by scheme name. */
  readonly identities: Readonly<Record<string, PostmanIdentity>>;
  /** Variables referenced but not defined (left as written). */
  readonly unresolved: readonly string[];
}

function authParams(auth: Obj, type: string): Record<string, string> {
  const list = auth[type];
  const out: Record<string, string> = {};
  if (Array.isArray(list)) {
    for (const kv of list as Obj[]) if (typeof kv?.key === 'string') out[kv.key] = String(kv.value ?? '');
  } else if (list && typeof list === 'object') {
    for (const [k, v] of Object.entries(list as Obj)) out[k] = String(v ?? '');
  }
  return out;
}

/** Import Postman collection text. `variables` override the collection's own (e.g. `baseUrl`). */
export function loadPostmanText(text: string, file: string, opts: { variables?: Readonly<Record<string, string>> } = {}): PostmanImport {
  const doc = parseJsonDocument(text, file, 'E_POSTMAN_PARSE');
  const fail = (pointer: string, message: string): never => {
    const at = doc.positionOf(pointer);
    throw new ToolError('E_POSTMAN_PARSE', `${file}:${at.line}:${at.column}: ${message} (at ${pointer || '/'})`, { position: { file, line: at.line, column: at.column, pointer } });
  };
  const root = doc.value as Obj | null;
  if (!root || typeof root !== 'object' || Array.isArray(root)) fail('', 'not a Postman collection: the document must be an object');
  const info = root!.info as Obj | undefined;
  if (!info || typeof info !== 'object') fail('', 'not a Postman collection: no "info" object');
  const schema = String(info!.schema ?? '');
  if (!/collection\/v2\.[01]\.\d/.test(schema)) fail('/info/schema', `unsupported collection format ${JSON.stringify(schema || '(none)')}: export it as Collection v2.1`);
  if (!Array.isArray(root!.item)) fail('', 'not a Postman collection: "item" must be an array');

  const vars = new Map<string, string>();
  for (const v of (Array.isArray(root!.variable) ? root!.variable : []) as Obj[]) if (typeof v?.key === 'string') vars.set(v.key, String(v.value ?? ''));
  for (const [k, v] of Object.entries(opts.variables ?? {})) vars.set(k, v);
  const unresolved = new Set<string>();
  const subst = (s: string) =>
    s.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, name: string) => {
      const v = vars.get(name);
      if (v === undefined) {
        unresolved.add(name);
        return whole;
      }
      return v;
    });

  const ops = new Map<string, Operation>();
  const schemes: Record<string, SecurityScheme> = {};
  const identities: Record<string, PostmanIdentity> = {};
  const servers = new Map<string, number>();

  const useAuth = (auth: Obj | undefined): Operation['security'] | undefined => {
    if (!auth || typeof auth !== 'object') return undefined;
    const type = String(auth.type ?? '');
    if (type === 'noauth') return [];
    const p = authParams(auth, type);
    if (type === 'bearer') {
      schemes.postmanBearer = { name: 'postmanBearer', type: 'http', scheme: 'bearer' };
      if (p.token) identities.postmanBearer = { type: 'bearer', token: subst(p.token) };
      return [{ postmanBearer: [] }];
    }
    if (type === 'basic') {
      schemes.postmanBasic = { name: 'postmanBasic', type: 'http', scheme: 'basic' };
      if (p.username !== undefined) identities.postmanBasic = { type: 'basic', username: subst(p.username ?? ''), password: subst(p.password ?? '') };
      return [{ postmanBasic: [] }];
    }
    if (type === 'apikey') {
      const where = p.in === 'query' ? 'query' : 'header';
      const name = subst(p.key ?? 'X-API-Key');
      schemes.postmanApiKey = { name: 'postmanApiKey', type: 'apiKey', in: where, paramName: name };
      if (p.value) identities.postmanApiKey = { type: 'apiKey', in: where, name, value: subst(p.value) };
      return [{ postmanApiKey: [] }];
    }
    if (type) {
      schemes[`postman-${type}`] = { name: `postman-${type}`, type: type === 'oauth2' ? 'oauth2' : 'http', scheme: type };
      return [{ [`postman-${type}`]: [] }];
    }
    return undefined;
  };

  const walk = (items: unknown[], pointer: string, tags: string[], inheritedAuth: Operation['security']) => {
    items.forEach((raw, i) => {
      const ptr = `${pointer}/${i}`;
      const it = raw as Obj;
      if (!it || typeof it !== 'object') fail(ptr, 'item must be an object');
      const auth = useAuth(it.auth as Obj | undefined) ?? inheritedAuth;
      if (Array.isArray(it.item)) {
        walk(it.item, `${ptr}/item`, [...tags, String(it.name ?? `folder ${i}`)], auth);
        return;
      }
      if (it.request === undefined) fail(ptr, 'item has neither "request" nor "item"');
      const req: Obj = typeof it.request === 'string' ? { url: it.request, method: 'GET' } : (it.request as Obj);
      const method = String(req.method ?? 'GET').toUpperCase();
      if (!METHODS.has(method)) fail(`${ptr}/request/method`, `unsupported method ${JSON.stringify(req.method)}`);
      const reqAuth = useAuth(req.auth as Obj | undefined) ?? auth;
      const u = req.url;
      let raw2: string;
      const pathVars: Obj[] = [];
      const query: Obj[] = [];
      if (typeof u === 'string') raw2 = u;
      else if (u && typeof u === 'object') {
        const uo = u as Obj;
        raw2 = typeof uo.raw === 'string' ? uo.raw : `${Array.isArray(uo.host) ? (uo.host as string[]).join('.') : ''}/${Array.isArray(uo.path) ? (uo.path as string[]).join('/') : ''}`;
        if (Array.isArray(uo.variable)) pathVars.push(...(uo.variable as Obj[]));
        if (Array.isArray(uo.query)) query.push(...(uo.query as Obj[]));
      } else return fail(`${ptr}/request`, 'request has no "url"');
      const resolved = subst(raw2);
      // what is left of an unresolved {{baseUrl}} prefix is dropped: the scan target replaces it
      const noBase = resolved.replace(/^\{\{[\w.-]+\}\}/, '');
      let path: string;
      let origin: string | undefined;
      let search = '';
      try {
        const abs = new URL(noBase);
        origin = abs.origin;
        path = decodeURI(abs.pathname);
        search = abs.search;
      } catch {
        const m = /^(?:[^/]*\/\/[^/]+)?([^?#]*)(\?[^#]*)?/.exec(noBase.startsWith('/') ? noBase : `/${noBase.replace(/^[^/]*(?=\/)/, '')}`);
        path = m?.[1] || '/';
        search = m?.[2] ?? '';
      }
      if (origin) servers.set(origin, (servers.get(origin) ?? 0) + 1);
      const parameters: Parameter[] = [];
      path = path.replace(/(^|\/):([A-Za-z_][\w-]*)/g, (_m, slash: string, name: string) => {
        const v = pathVars.find((x) => x.key === name);
        parameters.push({ name, in: 'path', required: true, schema: { type: 'string' }, ...(v?.value !== undefined && v.value !== '' ? { example: subst(String(v.value)) } : {}) });
        return `${slash}{${name}}`;
      });
      path = path.replace(/\{\{([\w.-]+)\}\}/g, (_m, name: string) => {
        if (!parameters.some((p) => p.name === name)) parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
        return `{${name}}`;
      });
      const queryPairs = query.length > 0 ? query.filter((q) => q.disabled !== true).map((q) => [String(q.key ?? ''), subst(String(q.value ?? ''))] as const) : [...new URLSearchParams(search)];
      for (const [name, value] of queryPairs) if (name) parameters.push({ name, in: 'query', required: false, schema: { type: 'string' }, example: value });
      const headers: Record<string, string> = {};
      for (const h of (Array.isArray(req.header) ? req.header : []) as Obj[]) {
        if (h?.disabled === true || typeof h?.key !== 'string') continue;
        if (/^(authorization|cookie|host|content-length)$/i.test(h.key)) continue;
        headers[h.key] = subst(String(h.value ?? ''));
      }
      let requestBody: Operation['requestBody'];
      let bodyText: string | undefined;
      const body = req.body as Obj | undefined;
      if (body && typeof body === 'object' && body.disabled !== true) {
        const mode = String(body.mode ?? 'raw');
        if (mode === 'raw' && typeof body.raw === 'string') {
          bodyText = subst(body.raw);
          const lang = String(((body.options as Obj | undefined)?.raw as Obj | undefined)?.language ?? '');
          const ct = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
          let example: unknown = bodyText;
          let mt = ct?.split(';')[0]!.trim() ?? (lang === 'xml' ? 'application/xml' : lang === 'text' ? 'text/plain' : 'application/json');
          try {
            example = JSON.parse(bodyText);
            if (!ct) mt = 'application/json';
          } catch {}
          requestBody = { required: true, content: [{ mediaType: mt, ...(typeof example === 'object' && example !== null ? { schema: inferSchema(example) } : {}), example }] };
        } else if (mode === 'urlencoded' || mode === 'formdata') {
          const obj: Record<string, string> = {};
          for (const kv of (Array.isArray(body[mode]) ? body[mode] : []) as Obj[]) if (kv?.disabled !== true && typeof kv?.key === 'string') obj[kv.key] = subst(String(kv.value ?? ''));
          const mt = mode === 'urlencoded' ? 'application/x-www-form-urlencoded' : 'multipart/form-data';
          requestBody = { required: true, content: [{ mediaType: mt, schema: inferSchema(obj), example: obj }] };
          bodyText = mode === 'urlencoded' ? new URLSearchParams(obj).toString() : undefined;
        }
      }
      const key = `${method} ${path}`;
      if (ops.has(key)) return;
      const line = doc.positionOf(ptr).line;
      ops.set(key, {
        key,
        method: method as HttpMethod,
        path,
        ...(typeof it.name === 'string' ? { summary: it.name } : {}),
        tags,
        deprecated: false,
        servers: origin ? [origin] : [],
        parameters,
        ...(requestBody ? { requestBody } : {}),
        responses: [],
        security: reqAuth ?? [],
        isPublic: false,
        source: { file, pointer: ptr, line },
        recorded: { url: origin ? `${origin}${path}` : path, headers, ...(bodyText !== undefined ? { body: bodyText } : {}) },
        extensions: {},
      });
    });
  };
  walk(root!.item as unknown[], '/item', [], useAuth(root!.auth as Obj | undefined) ?? []);
  return {
    surface: {
      ...(typeof info!.name === 'string' ? { title: info!.name } : {}),
      sourceKind: 'postman-2.1',
      sourceFile: file,
      servers: [...servers.entries()].sort((a, b) => b[1] - a[1]).map(([o]) => o),
      securitySchemes: schemes,
      operations: [...ops.values()],
    },
    identities,
    unresolved: [...unresolved].sort(),
  };
}

