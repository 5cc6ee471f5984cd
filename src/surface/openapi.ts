import { ToolError } from '../core/errors.js';
import { escapePointer } from '../core/yaml-source.js';
import type {
  ApiSurface,
  HttpMethod,
  MediaContent,
  Operation,
  Parameter,
  RequestBody,
  ResponseSpec,
  Schema,
  SecurityRequirement,
  SecurityScheme,
} from './model.js';
import type { FileReader, RefTarget, SpecPlace } from './refs.js';
import { SpecFiles, valueAt } from './refs.js';
import type { SourceDocument } from './source.js';
import { MAX_SPEC_BYTES, parseSpecSource, readDocumentFile } from './source.js';

/** The OpenAPI flavour of a document. */
export type OpenApiVersion = '2.0' | '3.0' | '3.1';

/**
 * A loaded OpenAPI document: the resolved operation model for the scanner, and the raw parsed
 * files with pointers and positions for the spec auditor.
 */
export interface LoadedSpec {
  readonly surface: ApiSurface;
  /** The parsed root document, `$ref`s untouched. */
  readonly raw: unknown;
  readonly version: OpenApiVersion;
  /** The exact `openapi` / `swagger` value. */
  readonly versionString: string;
  readonly rootFile: string;
  /** Every file read, the root first, by the name used in findings (as given, or joined to it). */
  readonly files: Map<string, SourceDocument>;
  /**
   * Follow a `$ref` (`#/components/schemas/X`, `other.yaml#/X`) or a JSON pointer (`/paths/...`)
   * from a file (default: the root) to the value it names, through chains of `$ref`s.
   */
  resolve(pointerOrRef: string, fromFile?: string): RefTarget;
  /** Follow a raw value's `$ref` if it is one. `place` is where the value sits. */
  deref(value: unknown, place: SpecPlace): RefTarget;
  /** A `$ref`-free copy of a raw value (shared targets stay shared; cycles stay cycles). */
  resolved(value: unknown, place: SpecPlace): unknown;
  /** Where an object of the resolved model (a schema, a parameter...) was written. */
  originOf(node: object): SpecPlace | undefined;
  /** 1-based line and column of a pointer in a loaded file (its nearest existing ancestor). */
  positionOf(file: string, pointer: string): { line: number; column: number };
  /** The raw value at a pointer of a loaded file. */
  get(file: string, pointer: string): unknown;
}

export interface LoadOptions {
  /** Reads files named by relative `$ref`s; default: the local file system (none for URLs). */
  readonly readFile?: FileReader;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const METHODS_UPPER: readonly HttpMethod[] = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'];
const PARAM_LOCATIONS = new Set(['path', 'query', 'header', 'cookie']);
type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
/** `base` and up to three keys (escaped). Not a rest parameter: that is an array per call, and this runs for every part of every operation. */
function ptr(base: string, a: string | number, b?: string | number, c?: string | number): string {
  let p = `${base}/${typeof a === 'number' ? a : escapePointer(a)}`;
  if (b !== undefined) p += `/${typeof b === 'number' ? b : escapePointer(b)}`;
  if (c !== undefined) p += `/${typeof c === 'number' ? c : escapePointer(c)}`;
  return p;
}

function detectVersion(root: unknown, doc: SourceDocument): { version: OpenApiVersion; versionString: string } {
  const at = (p: string) => doc.positionOf(p);
  if (!isObj(root)) {
    throw new ToolError('E_SPEC_UNSUPPORTED', 'not an OpenAPI document: the top level is not a mapping', { position: { file: doc.file, line: 1, column: 1 } });
  }
  const o = root.openapi;
  const s = root.swagger;
  if (o !== undefined) {
    const v = String(o);
    const pos = at('/openapi');
    if (/^3\.0(\.|$)/.test(v)) return { version: '3.0', versionString: v };
    if (/^3\.[1-9](\.|$)/.test(v)) return { version: '3.1', versionString: v };
    throw new ToolError('E_SPEC_UNSUPPORTED', `OpenAPI version "${v}" is not supported (2.0, 3.0 and 3.1 are)`, { position: { file: doc.file, ...pos } });
  }
  if (s !== undefined) {
    const v = String(s);
    const pos = at('/swagger');
    if (v === '2.0' || v === '2') return { version: '2.0', versionString: v };
    throw new ToolError('E_SPEC_UNSUPPORTED', `Swagger version "${v}" is not supported (2.0, 3.0 and 3.1 are)`, { position: { file: doc.file, ...pos } });
  }
  throw new ToolError('E_SPEC_UNSUPPORTED', 'not an OpenAPI document: no "openapi" or "swagger" field at the top level', {
    position: { file: doc.file, line: 1, column: 1 },
  });
}

function extensions(o: Obj): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(o);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k.startsWith('x-')) out[k] = o[k];
  }
  return out;
}

function serverUrls3(servers: unknown): string[] | undefined {
  if (!Array.isArray(servers)) return undefined;
  const out: string[] = [];
  for (const s of servers) {
    if (!isObj(s) || typeof s.url !== 'string') continue;
    const vars = isObj(s.variables) ? s.variables : {};
    out.push(s.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
      const v = vars[name];
      return isObj(v) && v.default !== undefined ? String(v.default) : whole;
    }));
  }
  return out;
}

function serverUrls2(root: Obj, rootFile: string): string[] {
  const basePath = str(root.basePath) ?? '';
  const host = str(root.host);
  if (!host) return [basePath || '/'];
  let schemes = Array.isArray(root.schemes) ? root.schemes.filter((x): x is string => typeof x === 'string') : [];
  if (schemes.length === 0) schemes = [/^http:\/\//i.test(rootFile) ? 'http' : 'https'];
  return schemes.map((s) => `${s}://${host}${basePath}`);
}

function securityList(v: unknown): SecurityRequirement[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter(isObj).map((req) => {
    const out: Record<string, readonly string[]> = {};
    for (const [k, scopes] of Object.entries(req)) out[k] = Array.isArray(scopes) ? scopes.map(String) : [];
    return out;
  });
}

const FLOW_NAMES_2: Record<string, string> = { implicit: 'implicit', password: 'password', application: 'clientCredentials', accessCode: 'authorizationCode' };

class Builder {
  // The last media type and its pointer segment: a document names a few, and escaping the `/` of
  // each one anew (two regular expression replaces) was about 0.4 MB of the model's allocations.
  private lastMediaType = '';
  private lastMediaKey = '';

  constructor(
    private readonly files: SpecFiles,
    private readonly version: OpenApiVersion,
  ) {}

  private root(): Obj {
    return this.files.root as Obj;
  }

  /** The resolved schema at `parent/key` of `file` (that pointer is written only when needed). */
  private schema(value: unknown, file: string, parent: string, key: string): Schema | undefined {
    if (!isObj(value) && typeof value !== 'boolean') return undefined;
    if (typeof value === 'boolean') return value ? {} : { not: {} };
    return this.files.resolvedAt(value, file, parent, key) as Schema;
  }

  private param(t: RefTarget, rootFile: string): Parameter | undefined {
    const p = t.value;
    if (!isObj(p) || typeof p.name !== 'string' || typeof p.in !== 'string') return undefined;
    if (!PARAM_LOCATIONS.has(p.in)) return undefined;
    let schema: Schema | undefined;
    let example: unknown = p.example;
    if (p.examples !== undefined) this.files.followExampleRefs(p.examples, t.file, ptr(t.pointer, 'examples'));
    if (this.version === '2.0') {
      const s: Obj = {};
      for (const k of ['type', 'format', 'items', 'collectionFormat', 'default', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'enum', 'multipleOf']) {
        if (p[k] !== undefined) s[k] = k === 'items' ? this.files.resolved(p[k], { file: t.file, pointer: ptr(t.pointer, 'items') }) : p[k];
      }
      this.files.setOrigin(s, t);
      schema = s;
      example = p['x-example'];
    } else if (isObj(p.schema)) {
      schema = this.schema(p.schema, t.file, t.pointer, 'schema');
    } else if (isObj(p.content)) {
      const [mt, media] = Object.entries(p.content)[0] ?? [];
      if (mt && isObj(media)) schema = this.schema(media.schema, t.file, ptr(t.pointer, 'content', mt), 'schema');
    }
    return {
      name: p.name,
      in: p.in as Parameter['in'],
      required: p.in === 'path' ? true : p.required === true,
      schema,
      example,
      description: str(p.description),
      pointer: t.pointer,
      file: t.file === rootFile ? undefined : t.file,
      deprecated: p.deprecated === true ? true : undefined,
    };
  }

  /**
   * The media types of the `content` of the object at `base` of `file` (pointers `base/content/...`).
   * One media type (the common case) comes back as a one-element array, not one grown by push.
   */
  private content3(content: unknown, file: string, base: string, rootFile: string): MediaContent[] {
    if (!isObj(content)) return [];
    let out: MediaContent[] | undefined;
    // Object.keys, not Object.entries: no [key, value] pair per entry (the model is built for every
    // operation); indexed loops, as for-of steps allocate in V8's interpreter and baseline code.
    const types = Object.keys(content);
    for (let i = 0; i < types.length; i++) {
      const mediaType = types[i]!;
      const m = content[mediaType];
      if (!isObj(m)) continue;
      if (mediaType !== this.lastMediaType) {
        this.lastMediaType = mediaType;
        this.lastMediaKey = escapePointer(mediaType);
      }
      const mp = `${base}/content/${this.lastMediaKey}`;
      let examples: Record<string, unknown> | undefined;
      if (isObj(m.examples)) {
        examples = {};
        const list = m.examples;
        const names = Object.keys(list);
        const ep = `${mp}/examples`;
        for (let j = 0; j < names.length; j++) {
          const name = names[j]!;
          const t = this.files.derefAt(list[name], file, ep, name);
          if (isObj(t.value)) examples[name] = t.value.value;
        }
      }
      if (m.encoding !== undefined) this.files.followRefsIn(m.encoding, file, mp, 'encoding');
      const media: MediaContent = {
        mediaType,
        schema: this.schema(m.schema, file, mp, 'schema'),
        example: m.example,
        examples,
        pointer: mp,
        file: file === rootFile ? undefined : file,
      };
      if (out === undefined) out = [media];
      else out.push(media);
    }
    return out ?? [];
  }

  /** The responses at `pointer` of `file`. */
  private responses(value: unknown, file: string, pointer: string, produces: string[], rootFile: string): ResponseSpec[] {
    if (!isObj(value)) return [];
    const out: ResponseSpec[] = [];
    const statuses = Object.keys(value);
    for (let i = 0; i < statuses.length; i++) {
      const status = statuses[i]!;
      if (status.startsWith('x-')) continue;
      const t = this.files.derefAt(value[status], file, pointer, status);
      const r = t.value;
      if (!isObj(r)) continue;
      let content: MediaContent[];
      if (this.version === '2.0') {
        const schema = this.schema(r.schema, t.file, t.pointer, 'schema');
        const examples = isObj(r.examples) ? r.examples : {};
        content = schema || Object.keys(examples).length > 0
          ? produces.map((mediaType) => ({ mediaType, schema, example: examples[mediaType], pointer: ptr(t.pointer, 'schema'), file: t.file === rootFile ? undefined : t.file }))
          : [];
      } else {
        content = this.content3(r.content, t.file, t.pointer, rootFile);
      }
      // Read only by name here: their $refs are followed so that a broken one is still an error.
      if (r.headers !== undefined) this.files.followRefsIn(r.headers, t.file, t.pointer, 'headers');
      if (r.links !== undefined) this.files.followRefsIn(r.links, t.file, t.pointer, 'links');
      out.push({
        status,
        description: str(r.description),
        content,
        headers: isObj(r.headers) ? Object.keys(r.headers) : [],
        pointer: t.pointer,
        file: t.file === rootFile ? undefined : t.file,
      });
    }
    return out;
  }

  private body2(params: readonly RefTarget[], consumes: string[], rootFile: string): RequestBody | undefined {
    const body = params.find((t) => isObj(t.value) && t.value.in === 'body');
    if (body) {
      const b = body.value as Obj;
      const schema = this.schema(b.schema, body.file, body.pointer, 'schema');
      return {
        required: b.required === true,
        content: consumes.map((mediaType) => ({ mediaType, schema, example: b['x-example'], pointer: ptr(body.pointer, 'schema'), file: body.file === rootFile ? undefined : body.file })),
        pointer: body.pointer,
        file: body.file === rootFile ? undefined : body.file,
      };
    }
    const form = params.filter((t) => isObj(t.value) && t.value.in === 'formData');
    if (form.length === 0) return undefined;
    const properties: Obj = {};
    const required: string[] = [];
    let hasFile = false;
    for (const t of form) {
      const p = t.value as Obj;
      const name = String(p.name);
      const s: Obj = {};
      for (const [k, v] of Object.entries(p)) {
        if (k === 'name' || k === 'in' || k === 'required' || k === 'allowEmptyValue' || k.startsWith('x-')) continue;
        s[k] = k === 'items' ? this.files.resolved(v, { file: t.file, pointer: ptr(t.pointer, 'items') }) : v;
      }
      if (s.type === 'file') {
        hasFile = true;
        s.type = 'string';
        s.format = 'binary';
      }
      this.files.setOrigin(s, t);
      properties[name] = s;
      if (p.required === true) required.push(name);
    }
    const schema: Obj = { type: 'object', properties };
    if (required.length > 0) schema.required = required;
    this.files.setOrigin(schema, form[0]!);
    const formTypes = consumes.filter((m) => /form/.test(m));
    const types = formTypes.length > 0 ? formTypes : [hasFile ? 'multipart/form-data' : 'application/x-www-form-urlencoded'];
    return {
      required: required.length > 0,
      content: types.map((mediaType) => ({ mediaType, schema, pointer: form[0]!.pointer })),
      pointer: form[0]!.pointer,
      file: form[0]!.file === rootFile ? undefined : form[0]!.file,
    };
  }

  securitySchemes(rootFile: string): Record<string, SecurityScheme> {
    const root = this.root();
    const out: Record<string, SecurityScheme> = {};
    const base = this.version === '2.0' ? '/securityDefinitions' : '/components/securitySchemes';
    const map = this.version === '2.0' ? root.securityDefinitions : isObj(root.components) ? root.components.securitySchemes : undefined;
    if (!isObj(map)) return out;
    for (const [name, raw] of Object.entries(map)) {
      const t = this.files.derefAt(raw, rootFile, base, name);
      const s = t.value;
      if (!isObj(s)) continue;
      const common = { name, description: str(s.description), pointer: t.pointer, file: t.file === rootFile ? undefined : t.file };
      if (this.version === '2.0') {
        if (s.type === 'basic') out[name] = { ...common, type: 'http', scheme: 'basic' };
        else if (s.type === 'apiKey') out[name] = { ...common, type: 'apiKey', in: s.in as SecurityScheme['in'], paramName: str(s.name) };
        else if (s.type === 'oauth2') {
          const flow = FLOW_NAMES_2[String(s.flow)] ?? String(s.flow);
          const f: Obj = { scopes: isObj(s.scopes) ? s.scopes : {} };
          if (s.authorizationUrl !== undefined) f.authorizationUrl = s.authorizationUrl;
          if (s.tokenUrl !== undefined) f.tokenUrl = s.tokenUrl;
          out[name] = { ...common, type: 'oauth2', flows: { [flow]: f } };
        }
        continue;
      }
      const type = String(s.type) as SecurityScheme['type'];
      out[name] = {
        ...common,
        type,
        scheme: str(s.scheme)?.toLowerCase(),
        bearerFormat: str(s.bearerFormat),
        in: s.in as SecurityScheme['in'],
        paramName: str(s.name),
        flows: isObj(s.flows) ? s.flows : undefined,
        openIdConnectUrl: str(s.openIdConnectUrl),
      };
    }
    return out;
  }

  operations(rootFile: string): Operation[] {
    const root = this.root();
    const ops: Operation[] = [];
    const rootServers = this.version === '2.0' ? serverUrls2(root, rootFile) : serverUrls3(root.servers) ?? [];
    const rootSecurity = securityList(root.security) ?? [];
    const rootConsumes = Array.isArray(root.consumes) ? root.consumes.map(String) : [];
    const rootProduces = Array.isArray(root.produces) ? root.produces.map(String) : [];
    const paths = root.paths;
    if (!isObj(paths)) return ops;
    const pathKeys = Object.keys(paths);
    for (let i = 0; i < pathKeys.length; i++) {
      const path = pathKeys[i]!;
      if (path.startsWith('x-')) continue;
      const item = this.files.derefAt(paths[path], rootFile, '/paths', path);
      if (!isObj(item.value)) continue;
      const pi = item.value;
      const itemParams = this.params(pi.parameters, item.file, item.pointer);
      const itemServers = this.version === '2.0' ? undefined : serverUrls3(pi.servers);
      for (let j = 0; j < METHODS.length; j++) {
        const m = METHODS[j]!;
        const op = pi[m];
        if (!isObj(op)) continue;
        const opPtr = `${item.pointer}/${m}`;
        const all = mergeParams(itemParams, this.params(op.parameters, item.file, opPtr));
        // A one-parameter list (the common case) as a literal, not grown by push.
        let parameters: Parameter[] | undefined;
        for (let q = 0; q < all.length; q++) {
          const p = this.param(all[q]!, rootFile);
          if (p === undefined) continue;
          if (parameters === undefined) parameters = [p];
          else parameters.push(p);
        }
        let requestBody: RequestBody | undefined;
        let produces = rootProduces;
        if (this.version === '2.0') {
          const consumes = Array.isArray(op.consumes) ? op.consumes.map(String) : rootConsumes;
          produces = Array.isArray(op.produces) ? op.produces.map(String) : rootProduces;
          requestBody = this.body2(all, consumes.length > 0 ? consumes : ['application/json'], rootFile);
          if (produces.length === 0) produces = ['application/json'];
        } else if (op.requestBody !== undefined) {
          const t = this.files.derefAt(op.requestBody, item.file, opPtr, 'requestBody');
          if (isObj(t.value)) {
            requestBody = {
              required: t.value.required === true,
              content: this.content3(t.value.content, t.file, t.pointer, rootFile),
              pointer: t.pointer,
              file: t.file === rootFile ? undefined : t.file,
            };
          }
        }
        if (op.callbacks !== undefined) this.files.followRefsIn(op.callbacks, item.file, opPtr, 'callbacks');
        const pos = this.files.positionOf(item.file, opPtr);
        const isPublic = op['x-rampart-public'] === true || pi['x-rampart-public'] === true;
        const method = METHODS_UPPER[j]!;
        ops.push({
          key: `${method} ${path}`,
          method,
          path,
          operationId: str(op.operationId),
          summary: str(op.summary),
          tags: Array.isArray(op.tags) ? op.tags.map(String) : [],
          deprecated: op.deprecated === true,
          servers: (this.version === '2.0' ? undefined : serverUrls3(op.servers)) ?? itemServers ?? rootServers,
          parameters: parameters ?? [],
          requestBody,
          responses: this.responses(op.responses, item.file, `${opPtr}/responses`, produces, rootFile),
          security: securityList(op.security) ?? rootSecurity,
          isPublic,
          source: { file: item.file, pointer: opPtr, line: pos.line, column: pos.column },
          extensions: extensions(op),
        });
      }
    }
    return ops;
  }

  /** The parameters list of the object at `base` of `file`, each followed if it is a `$ref`. */
  private params(list: unknown, file: string, base: string): readonly RefTarget[] {
    if (!Array.isArray(list) || list.length === 0) return NO_PARAMS;
    const out: RefTarget[] = [];
    const at = `${base}/parameters`;
    for (let i = 0; i < list.length; i++) out.push(this.files.derefAt(list[i], file, at, i));
    return out;
  }
}

const NO_PARAMS: readonly RefTarget[] = [];

/**
 * Path-level and operation-level parameters, the operation's overriding one with the same
 * location and name (`in:name`), in first-seen order. Most operations have parameters at one
 * level only, with no two alike: that list is the answer as it is (the path item's is shared by
 * its operations; nothing changes them).
 */
function mergeParams(item: readonly RefTarget[], own: readonly RefTarget[]): readonly RefTarget[] {
  if (own.length === 0 && isMerged(item)) return item;
  if (item.length === 0 && isMerged(own)) return own;
  const out: RefTarget[] = [];
  for (let q = 0; q < item.length + own.length; q++) {
    const t = q < item.length ? item[q]! : own[q - item.length]!;
    if (!isObj(t.value)) continue;
    const k = indexOfParam(out, t.value, out.length);
    if (k < 0) out.push(t);
    else out[k] = t;
  }
  return out;
}

function isMerged(list: readonly RefTarget[]): boolean {
  for (let i = 0; i < list.length; i++) {
    const v = list[i]!.value;
    if (!isObj(v) || indexOfParam(list, v, i) >= 0) return false;
  }
  return true;
}

/**
 * The index of the first of `list[0..end)` with the `in:name` key of `p`, or -1. A scan of the
 * few before each one, not a Map keyed by a new `in:name` string per parameter, and the same
 * answer as that key: pairs with different locations have the same key only when one of them
 * holds a colon.
 */
function indexOfParam(list: readonly RefTarget[], p: Obj, end: number): number {
  const pin = String(p.in);
  const name = String(p.name);
  for (let k = 0; k < end; k++) {
    const v = list[k]!.value as Obj;
    const kin = String(v.in);
    if (pin === kin ? name === String(v.name) : (pin.includes(':') || kin.includes(':')) && `${pin}:${name}` === `${kin}:${String(v.name)}`) return k;
  }
  return -1;
}

function build(root: SourceDocument, options: LoadOptions): LoadedSpec {
  const { version, versionString } = detectVersion(root.value, root);
  const files = new SpecFiles(root.file, root, options.readFile);
  const builder = new Builder(files, version);
  const raw = root.value as Obj;
  const info = isObj(raw.info) ? raw.info : {};
  const securitySchemes = builder.securitySchemes(root.file);
  const operations = builder.operations(root.file);
  // A broken $ref where the model does not go (an unused component, a response header) is an error too.
  files.followUnreachedRefs();
  const surface: ApiSurface = {
    title: str(info.title),
    version: info.version === undefined ? undefined : String(info.version),
    sourceKind: `openapi-${version}`,
    sourceFile: root.file,
    servers: version === '2.0' ? serverUrls2(raw, root.file) : serverUrls3(raw.servers) ?? [],
    securitySchemes,
    operations,
  };
  return {
    surface,
    raw,
    version,
    versionString,
    rootFile: root.file,
    files: files.files,
    resolve(pointerOrRef, fromFile = root.file) {
      if (pointerOrRef.startsWith('/') || pointerOrRef === '') {
        const value = files.get(fromFile, pointerOrRef);
        if (value === undefined) {
          throw new ToolError('E_SPEC_PARSE', `${pointerOrRef || '/'} does not exist in ${fromFile}`, { position: { file: fromFile, pointer: pointerOrRef } });
        }
        return files.deref(value, { file: fromFile, pointer: pointerOrRef });
      }
      return files.resolveRef(pointerOrRef, { file: fromFile, pointer: '' });
    },
    deref: (value, place) => files.deref(value, place),
    resolved: (value, place) => files.resolved(value, place),
    originOf: (node) => files.originOf(node),
    positionOf: (file, pointer) => files.positionOf(file, pointer),
    get: (file, pointer) => files.get(file, pointer),
  };
}

/**
 * Load an OpenAPI 2.0, 3.0 or 3.1 document (YAML or JSON) from text. Relative `$ref`s are read
 * from disk next to `file` (or through `options.readFile`); none are fetched over the network.
 *
 * @throws ToolError `E_SPEC_PARSE` (bad YAML/JSON, broken `$ref`) or `E_SPEC_UNSUPPORTED`
 *   (not OpenAPI), with file, line and column.
 */
export function loadOpenApiText(text: string, file: string, options: LoadOptions = {}): LoadedSpec {
  return build(parseSpecSource(text, file), options);
}

/** Load an OpenAPI document from a file path (see {@link loadOpenApiText}). */
export async function loadOpenApiFile(path: string, options: LoadOptions = {}): Promise<LoadedSpec> {
  let text: string;
  try {
    // One synchronous read: the promise API opens, stats and reads in several steps (a few ms more
    // on a 5 MB file) and nothing else runs meanwhile.
    text = readDocumentFile(path);
  } catch (err) {
    if (err instanceof ToolError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ToolError(code === 'ENOENT' ? 'E_INPUT_MISSING' : 'E_SPEC_PARSE', `cannot read ${path}: ${code ?? (err as Error).message}`, {
      position: { file: path },
      cause: err,
    });
  }
  return loadOpenApiText(text, path, options);
}

export { MAX_SPEC_BYTES, valueAt };
