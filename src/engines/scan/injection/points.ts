import type { ParameterIn } from '../../../core/finding.js';
import type { InjectionPoint, Mutation, ProbeRequest, WireRequest } from './types.js';

/** Every place of a base request where a payload can go: path, query, header, cookie, JSON leaves, form and multipart fields. */
export function injectionPoints(req: ProbeRequest): InjectionPoint[] {
  const out: InjectionPoint[] = [];
  for (const [name, value] of Object.entries(req.pathParams)) out.push({ in: 'path', name, original: value });
  for (const [name, value] of req.query) out.push({ in: 'query', name, original: value });
  for (const [name, value] of Object.entries(req.headers)) {
    if (!isStructuralHeader(name)) out.push({ in: 'header', name, original: value });
  }
  for (const [name, value] of req.cookies) out.push({ in: 'cookie', name, original: value });
  const body = req.body;
  if (body?.kind === 'json') walkJson(body.value, [], out);
  else if (body?.kind === 'form') for (const [name, value] of body.fields) out.push({ in: 'form', name, original: value });
  else if (body?.kind === 'multipart') for (const [name, value] of body.fields) out.push({ in: 'multipart', name, original: value });
  return out;
}

function isStructuralHeader(name: string): boolean {
  return /^(content-type|content-length|host|accept|authorization|cookie|connection|transfer-encoding)$/i.test(name);
}

function walkJson(value: unknown, path: (string | number)[], out: InjectionPoint[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walkJson(v, [...path, i], out));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walkJson(v, [...path, k], out);
    return;
  }
  if (path.length === 0) return;
  const jsonType = value === null ? 'null' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
  out.push({ in: 'body', name: jsonPathName(path), jsonPath: path, original: value === null ? '' : String(value), jsonType });
}

/** `user.tags[0]` for `['user', 'tags', 0]`. */
export function jsonPathName(path: readonly (string | number)[]): string {
  let s = '';
  for (const seg of path) s += typeof seg === 'number' ? `[${seg}]` : s === '' ? seg : `.${seg}`;
  return s;
}

/** The base request with one place changed. */
export function applyMutation(req: ProbeRequest, point: InjectionPoint, m: Mutation, opts: { rawPath?: boolean } = {}): ProbeRequest {
  const text = m.kind === 'value' ? m.value : m.kind === 'bracket' ? m.value : JSON.stringify(m.value);
  switch (point.in) {
    case 'path':
      return {
        ...req,
        pathParams: { ...req.pathParams, [point.name]: text },
        rawPathParams: opts.rawPath ? [...(req.rawPathParams ?? []), point.name] : req.rawPathParams,
      };
    case 'query':
      return { ...req, query: replacePair(req.query, point.name, m) };
    case 'header':
      return { ...req, headers: { ...req.headers, [point.name]: text } };
    case 'cookie':
      return { ...req, cookies: req.cookies.map(([k, v]) => [k, k === point.name ? text : v] as const) };
    case 'form':
    case 'multipart': {
      if (req.body?.kind !== 'form' && req.body?.kind !== 'multipart') return req;
      return { ...req, body: { kind: req.body.kind, fields: replacePair(req.body.fields, point.name, m) } };
    }
    case 'body': {
      if (req.body?.kind !== 'json' || !point.jsonPath) return req;
      const replacement = m.kind === 'json' ? m.value : m.kind === 'bracket' ? { [m.op]: m.value } : m.value;
      return { ...req, body: { kind: 'json', value: setJson(req.body.value, point.jsonPath, replacement) } };
    }
    default:
      return req;
  }
}

function replacePair(pairs: readonly (readonly [string, string])[], name: string, m: Mutation): (readonly [string, string])[] {
  return pairs.map(([k, v]) => {
    if (k !== name) return [k, v] as const;
    if (m.kind === 'bracket') return [`${k}[${m.op}]`, m.value] as const;
    return [k, m.kind === 'value' ? m.value : JSON.stringify(m.value)] as const;
  });
}

function setJson(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = root.slice();
    copy[head as number] = setJson(copy[head as number], rest, value);
    return copy;
  }
  const obj = (root ?? {}) as Record<string, unknown>;
  return { ...obj, [head as string]: setJson(obj[head as string], rest, value) };
}

const MULTIPART_BOUNDARY = '----rampart-boundary-7c1d2e';

/** Encode a query component the way browsers do for the value, keeping brackets readable. */
function enc(s: string): string {
  return encodeURIComponent(s).replace(/%5B/g, '[').replace(/%5D/g, ']');
}

/** Serialise a probe request to what goes on the wire (path and query, headers, body text). */
export function toWire(req: ProbeRequest): WireRequest {
  const raw = new Set(req.rawPathParams ?? []);
  const path = req.pathTemplate.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const v = req.pathParams[name];
    if (v === undefined) return whole;
    return raw.has(name) ? v : encodeURIComponent(v);
  });
  const qs = req.query.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  const headers: Record<string, string> = { ...req.fixedHeaders, ...req.headers };
  if (req.cookies.length > 0) headers['cookie'] = req.cookies.map(([k, v]) => `${k}=${cookieValue(v)}`).join('; ');
  let body: string | undefined;
  const b = req.body;
  if (b?.kind === 'json') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(b.value);
  } else if (b?.kind === 'form') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = b.fields.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  } else if (b?.kind === 'multipart') {
    headers['content-type'] = `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`;
    body =
      b.fields
        .map(([k, v]) => `--${MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="${k.replace(/"/g, '%22')}"\r\n\r\n${v}\r\n`)
        .join('') + `--${MULTIPART_BOUNDARY}--\r\n`;
  } else if (b?.kind === 'raw') {
    headers['content-type'] = b.contentType;
    body = b.text;
  }
  return { method: req.method, target: qs ? `${path}?${qs}` : path, headers, body };
}

/** Cookie values cannot carry `;`, `,`, spaces or quotes raw: percent-encode those (servers commonly decode). */
function cookieValue(v: string): string {
  return v.replace(/[;,\s"\\%\r\n]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** The places a check considers, in a stable order. */
export function pointsIn(points: readonly InjectionPoint[], places: readonly ParameterIn[]): InjectionPoint[] {
  return points.filter((p) => places.includes(p.in));
}

/** A short label for messages: `query parameter "id"`. */
export function describePoint(p: InjectionPoint): string {
  const where: Record<string, string> = {
    path: 'path parameter',
    query: 'query parameter',
    header: 'header',
    cookie: 'cookie',
    body: 'JSON field',
    form: 'form field',
    multipart: 'multipart field',
    graphql: 'GraphQL argument',
  };
  return `${where[p.in] ?? p.in} "${p.name}"`;
}
