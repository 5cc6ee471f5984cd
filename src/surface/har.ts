/**
 * Import a HAR 1.2 recording into the operation model: one operation per method and path template,
 * with query parameters, the recorded body (and a schema inferred from it) and the exchange kept as
 * `recorded` for replay.
 */
import { ToolError } from '../core/errors.js';
import { jsonNestingPast, MAX_JSON_NESTING } from '../core/json-nesting.js';
import { parseSourceDocument } from '../core/yaml-source.js';
import { inferSchema, templatePath } from './examples.js';
import { LineIndex } from './source.js';
import type { ApiSurface, HttpMethod, Operation, Parameter } from './model.js';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE']);
const SKIP_HEADERS = /^(host|connection|content-length|accept-encoding|user-agent|referer|origin|cookie|authorization|:.*|sec-.*|accept-language|cache-control|pragma|upgrade-insecure-requests|priority|te)$/i;
const STATIC = /\.(?:js|mjs|css|png|jpe?g|gif|svg|ico|woff2?|ttf|map|webp|avif|mp4|webm)(?:$|\?)/i;

/** Parse JSON keeping positions for errors: JSON.parse first (fast), the positional parser only to explain a failure. */
export function parseJsonDocument(text: string, file: string, code: 'E_HAR_PARSE' | 'E_POSTMAN_PARSE'): { value: unknown; positionOf(pointer: string): { line: number; column: number } } {
  // Refused before anything walks it (the folder walk, the positional parser, which also explains
  // a syntax error): a collection nested tens of thousands of levels deep overflowed the stack.
  const tooDeep = () => {
    const deep = jsonNestingPast(text, MAX_JSON_NESTING);
    if (deep < 0) return;
    const at = new LineIndex(text).position(deep);
    throw new ToolError(code, `${file}:${at.line}:${at.column}: the document nests more than ${MAX_JSON_NESTING} objects and arrays in one another`, { position: { file, ...at } });
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    tooDeep();
    // re-parse to find the line and column of the syntax error
    parseSourceDocument(text, file, code);
    throw new ToolError(code, `${file}: not JSON: ${(err as Error).message}`, { position: { file } });
  }
  tooDeep();
  let doc: ReturnType<typeof parseSourceDocument> | undefined;
  return {
    value,
    positionOf(pointer: string) {
      doc ??= parseSourceDocument(text, file, code);
      return doc.positionOf(pointer);
    },
  };
}

function fail(code: 'E_HAR_PARSE', file: string, pointer: string, message: string, pos: (p: string) => { line: number; column: number }): never {
  const at = pos(pointer);
  throw new ToolError(code, `${file}:${at.line}:${at.column}: ${message} (at ${pointer || '/'})`, { position: { file, line: at.line, column: at.column, pointer } });
}

export interface HarImport {
  readonly surface: ApiSurface;
  /** Entries left out: static assets, other hosts, unsupported methods. */
  readonly skipped: number;
}

/**
 * Import HAR text. Only entries to one origin are kept (a browser recording also holds CDNs and
 * analytics): `origin` when the recording has entries for it, else its most frequent origin.
 */
export function loadHarText(text: string, file: string, opts: { origin?: string } = {}): HarImport {
  const doc = parseJsonDocument(text, file, 'E_HAR_PARSE');
  const pos = (p: string) => doc.positionOf(p);
  const root = doc.value as { log?: { version?: unknown; entries?: unknown } } | null;
  if (!root || typeof root !== 'object' || !root.log || typeof root.log !== 'object') fail('E_HAR_PARSE', file, '', 'not a HAR file: no "log" object', pos);
  if (!Array.isArray(root.log.entries)) fail('E_HAR_PARSE', file, '/log', 'not a HAR file: "log.entries" must be an array', pos);
  if (root.log.version !== undefined && !/^1\.[12]$/.test(String(root.log.version))) fail('E_HAR_PARSE', file, '/log/version', `unsupported HAR version ${JSON.stringify(root.log.version)} (1.1 and 1.2 are supported)`, pos);
  const ops = new Map<string, Operation>();
  const origins = new Map<string, number>();
  let skipped = 0;
  // a recording of another deployment (production, while the scan targets staging): take its most
  // frequent API origin instead of dropping every entry
  const counts = new Map<string, number>();
  for (const e of root.log.entries as { request?: { url?: unknown } }[]) {
    try {
      const u = new URL(String(e?.request?.url));
      if (!STATIC.test(u.pathname)) counts.set(u.origin, (counts.get(u.origin) ?? 0) + 1);
    } catch {}
  }
  const wanted = opts.origin && (counts.has(opts.origin) || counts.size === 0) ? opts.origin : [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  (root.log.entries as unknown[]).forEach((e, i) => {
    const ptr = `/log/entries/${i}`;
    const req = (e as { request?: Record<string, unknown> } | null)?.request;
    if (!req || typeof req !== 'object') fail('E_HAR_PARSE', file, ptr, 'entry has no "request" object', pos);
    if (typeof req.method !== 'string' || typeof req.url !== 'string') fail('E_HAR_PARSE', file, `${ptr}/request`, 'request needs a "method" and a "url" string', pos);
    let url: URL;
    try {
      url = new URL(req.url as string);
    } catch {
      fail('E_HAR_PARSE', file, `${ptr}/request/url`, `invalid URL ${JSON.stringify(req.url)}`, pos);
    }
    const method = (req.method as string).toUpperCase();
    if (!METHODS.has(method) || STATIC.test(url.pathname) || (wanted && url.origin !== wanted)) {
      skipped++;
      return;
    }
    origins.set(url.origin, (origins.get(url.origin) ?? 0) + 1);
    const { template, params } = templatePath(url.pathname);
    const key = `${method} ${template}`;
    if (ops.has(key)) return;
    const headers: Record<string, string> = {};
    for (const h of (Array.isArray(req.headers) ? req.headers : []) as { name?: string; value?: string }[]) {
      if (typeof h?.name === 'string' && typeof h.value === 'string' && !SKIP_HEADERS.test(h.name)) headers[h.name] = h.value;
    }
    const parameters: Parameter[] = params.map((p) => ({ name: p.name, in: 'path', required: true, schema: { type: /^\d+$/.test(p.value) ? 'integer' : 'string' }, example: p.value }));
    for (const [name, value] of url.searchParams) {
      if (!parameters.some((p) => p.in === 'query' && p.name === name)) parameters.push({ name, in: 'query', required: false, schema: { type: 'string' }, example: value });
    }
    const post = req.postData as { mimeType?: string; text?: string } | undefined;
    let requestBody: Operation['requestBody'];
    if (post && typeof post.text === 'string') {
      const mt = (post.mimeType ?? 'application/octet-stream').split(';')[0]!.trim() || 'application/octet-stream';
      let example: unknown = post.text;
      if (/json/i.test(mt)) {
        try {
          example = JSON.parse(post.text);
        } catch {}
      }
      requestBody = { required: true, content: [{ mediaType: mt, ...(typeof example === 'object' ? { schema: inferSchema(example) } : {}), example }] };
    }
    const res = (e as { response?: { status?: number; content?: { mimeType?: string } } }).response;
    const status = typeof res?.status === 'number' && res.status > 0 ? res.status : undefined;
    const line = text.length < 5_000_000 ? pos(ptr).line : undefined;
    ops.set(key, {
      key,
      method: method as HttpMethod,
      path: template,
      tags: [],
      deprecated: false,
      servers: [url.origin],
      parameters,
      ...(requestBody ? { requestBody } : {}),
      responses: status ? [{ status: String(status), content: res?.content?.mimeType ? [{ mediaType: res.content.mimeType.split(';')[0]!.trim() }] : [], headers: [] }] : [],
      security: [],
      isPublic: false,
      source: { file, pointer: ptr, ...(line ? { line } : {}) },
      recorded: { url: url.href, headers, ...(post?.text !== undefined ? { body: post.text } : {}), ...(status ? { status } : {}) },
      extensions: {},
    });
  });
  const servers = [...origins.entries()].sort((a, b) => b[1] - a[1]).map(([o]) => o);
  return { surface: { sourceKind: 'har', sourceFile: file, servers, securitySchemes: {}, operations: [...ops.values()] }, skipped };
}
