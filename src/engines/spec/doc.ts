import { escapePointer } from '../../core/yaml-source.js';
import type { Operation, Schema, SecurityScheme } from '../../surface/model.js';
import type { LoadedSpec, OpenApiVersion } from '../../surface/openapi.js';
import type { SpecPlace } from '../../surface/refs.js';
import { REF_WITH_SIBLINGS } from '../../surface/refs.js';

/** An operation as the checks see it: the model plus where it is and what kind it is. */
export interface AuditOperation {
  readonly op: Operation;
  /** `GET /users/{id}` */
  readonly label: string;
  readonly place: SpecPlace;
  /** The raw operation object (its `$ref`s untouched). */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly isWrite: boolean;
  /** Meant to be anonymous: `x-rampart-public: true` in the spec or listed in the config. */
  readonly isPublic: boolean;
  /** Administration by its path, tags or operationId (`/admin/...`, tag `admin`). */
  readonly isAdmin: boolean;
  /** Anonymous by nature: sign-in, sign-up, token, password reset, health, discovery documents. */
  readonly isAnonymousByNature: boolean;
}

/** One schema an operation takes or returns. */
export interface SchemaUse {
  readonly op: AuditOperation;
  readonly schema: Schema;
  readonly side: 'request' | 'response';
  /** `parameter query:limit`, `request body application/json`, `response 200 application/json`. */
  readonly where: string;
}

/** What a schema walk passes to its visitors. */
export interface SchemaVisit {
  readonly op: AuditOperation;
  readonly side: 'request' | 'response';
  /** The property name this schema is the value of, when it is one. */
  readonly propertyName?: string;
  /** Where the node is written (a shared schema: its definition, not where it is used). */
  readonly place: SpecPlace | undefined;
  /** The schema is the whole parameter / body / response, not a nested part. */
  readonly isRoot: boolean;
  /** The node is a member of an allOf/anyOf/oneOf (a part of a composed schema). */
  readonly inComposition: boolean;
  /** The node is the schema of a parameter (a scalar in a URL or header). */
  readonly isParameter: boolean;
}

/** The audit view of a loaded spec, shared by every check. */
export interface SpecDoc {
  readonly spec: LoadedSpec;
  readonly version: OpenApiVersion;
  readonly rootFile: string;
  readonly raw: Readonly<Record<string, unknown>>;
  readonly operations: readonly AuditOperation[];
  readonly securitySchemes: Readonly<Record<string, SecurityScheme>>;
  /** Where an object of the resolved model was written. */
  placeOf(node: object): SpecPlace | undefined;
  /**
   * The own enumerable keys of an object of the document (a `properties` object), listed once
   * and shared: read-only. The resolved document's larger objects are in V8's dictionary mode,
   * where every for-in or Object.keys builds and sorts a fresh key list (about 4 us for 38 keys),
   * and several checks go through the same `properties` objects.
   */
  keysOf(obj: object): readonly string[];
  /** Where a property of a resolved object schema is written (`.../properties/<name>`). */
  propertyPlace(parent: object, name: string): SpecPlace | undefined;
  /** Parameter and request body schemas, or response schemas, of every operation. */
  schemaUses(side: 'request' | 'response'): readonly SchemaUse[];
  /**
   * Visit every distinct schema node reachable from one side's schemas once (shared and circular
   * schemas are visited once), skipping `readOnly` properties on the request side and `writeOnly`
   * ones on the response side.
   */
  walkSchemas(side: 'request' | 'response', visit: (node: Readonly<Record<string, unknown>>, info: SchemaVisit) => void, only?: SchemaKind): void;
}

/**
 * The nodes a walk can be limited to, in walk order (`walkSchemas`' `only`): `string`, `number`
 * and `array` are the nodes `hasType` says are one (`number`: an integer or a number); `map`,
 * those whose `additionalProperties` or `patternProperties` is an object (not null); `properties`,
 * those whose `properties` is an object (not null). Each check walks only the kind it judges: on
 * the generated document, about 4,100 visits by the eight walking checks instead of 28,400.
 */
export type SchemaKind = 'string' | 'number' | 'array' | 'map' | 'properties';

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ADMIN_SEGMENT = /^(admin|admins|administrator|administration|superadmin|superuser|backoffice|back-office|sysadmin)$/i;
const ANONYMOUS_SEGMENT =
  /^(login|logon|signin|sign-in|sign_in|signup|sign-up|sign_up|register|registration|token|tokens|oauth|oauth2|authorize|forgot-password|forgot_password|password-reset|reset-password|password_reset|reset_password|verify-email|confirm-email|health|healthz|healthcheck|health-check|livez|readyz|ping|status|version|openapi\.json|openapi\.yaml|swagger\.json|\.well-known|jwks|jwks\.json)$/i;

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '' && !s.startsWith('{'));
}

/** Classify an operation (exported for tests). */
export function classify(op: Operation): { isAdmin: boolean; isAnonymousByNature: boolean } {
  const segs = segments(op.path);
  const isAdmin =
    segs.some((s) => ADMIN_SEGMENT.test(s)) ||
    op.tags.some((t) => ADMIN_SEGMENT.test(t)) ||
    /^admin[A-Z_-]/.test(op.operationId ?? '');
  const isAnonymousByNature = segs.some((s) => ANONYMOUS_SEGMENT.test(s)) && !isAdmin;
  return { isAdmin, isAnonymousByNature };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const COMPOSITION = ['allOf', 'anyOf', 'oneOf'] as const;

/** The schemas a schema contains (properties, items, maps, compositions), for walkers. */
export function childSchemas(node: Readonly<Record<string, unknown>>): unknown[] {
  const out: unknown[] = [];
  if (isObj(node.properties)) out.push(...Object.values(node.properties));
  if (isObj(node.items)) out.push(node.items);
  else if (Array.isArray(node.items)) out.push(...node.items);
  if (Array.isArray(node.prefixItems)) out.push(...node.prefixItems);
  if (isObj(node.additionalProperties)) out.push(node.additionalProperties);
  if (isObj(node.patternProperties)) out.push(...Object.values(node.patternProperties));
  for (const k of COMPOSITION) if (Array.isArray(node[k])) out.push(...(node[k] as unknown[]));
  return out;
}

/** Visit every object schema reachable from `root` once (cycle-safe), skipping properties marked `skip`. */
export function eachSchema(root: unknown, visit: (node: Readonly<Record<string, unknown>>) => void, skip?: 'readOnly' | 'writeOnly'): void {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isObj(node) || seen.has(node)) continue;
    seen.add(node);
    visit(node);
    for (const c of childSchemas(node)) if (!(skip && isObj(c) && c[skip] === true)) stack.push(c);
  }
}

const NO_TYPES: readonly string[] = Object.freeze([]);
/** One shared (frozen) list per single type name: checks ask every schema node, so no array each time. */
const ONE_TYPE = new Map<string, readonly string[]>();

/** The type names of a schema (`type: [string, null]` -> both). */
export function typesOf(node: Readonly<Record<string, unknown>>): readonly string[] {
  const t = node.type;
  if (typeof t === 'string') {
    let one = ONE_TYPE.get(t);
    if (one === undefined) {
      one = Object.freeze([t]);
      if (ONE_TYPE.size < 64) ONE_TYPE.set(t, one);
    }
    return one;
  }
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return NO_TYPES;
}

/** `typesOf(node).includes(name)`, without looking up a list: the walk's checks ask it of every node. */
export function hasType(node: Readonly<Record<string, unknown>>, name: string): boolean {
  const t = node.type;
  if (typeof t === 'string') return t === name;
  return Array.isArray(t) && t.includes(name);
}

/** Build the audit view of a loaded spec. */
export function buildSpecDoc(spec: LoadedSpec, opts: { isPublic?: (op: Operation) => boolean } = {}): SpecDoc {
  const operations: AuditOperation[] = spec.surface.operations.map((op) => {
    const place = { file: op.source!.file, pointer: op.source!.pointer };
    const raw = spec.get(place.file, place.pointer);
    return {
      op,
      label: op.key,
      place,
      raw: isObj(raw) ? raw : {},
      isWrite: WRITE.has(op.method),
      isPublic: op.isPublic || (opts.isPublic?.(op) ?? false),
      ...classify(op),
    };
  });
  const uses: Record<'request' | 'response', SchemaUse[] | undefined> = { request: undefined, response: undefined };
  const placeOf = (node: object) => spec.originOf(node);
  const keyLists = new Map<object, readonly string[]>();
  const keysOf = (obj: object): readonly string[] => {
    let keys = keyLists.get(obj);
    if (keys === undefined) {
      keys = Object.keys(obj);
      keyLists.set(obj, keys);
    }
    return keys;
  };

  // Indexed loops throughout: most of this runs in V8's interpreter or baseline tier, where a
  // for-of allocates an iterator result per step.
  function schemaUses(side: 'request' | 'response'): SchemaUse[] {
    const have = uses[side];
    if (have) return have;
    const out: SchemaUse[] = [];
    // The schemas already used by one body or response: a handful, so an array, not a Set each time.
    const seen: object[] = [];
    for (let o = 0; o < operations.length; o++) {
      const a = operations[o]!;
      if (side === 'request') {
        const params = a.op.parameters;
        for (let i = 0; i < params.length; i++) {
          const p = params[i]!;
          if (p.schema) out.push({ op: a, schema: p.schema, side, where: `parameter ${p.in}:${p.name}` });
        }
        const content = a.op.requestBody?.content ?? [];
        seen.length = 0;
        for (let i = 0; i < content.length; i++) {
          const c = content[i]!;
          if (!c.schema || seen.includes(c.schema)) continue;
          seen.push(c.schema);
          out.push({ op: a, schema: c.schema, side, where: `request body ${c.mediaType}` });
        }
      } else {
        const responses = a.op.responses;
        for (let r = 0; r < responses.length; r++) {
          const resp = responses[r]!;
          seen.length = 0;
          for (let i = 0; i < resp.content.length; i++) {
            const c = resp.content[i]!;
            if (!c.schema || seen.includes(c.schema)) continue;
            seen.push(c.schema);
            out.push({ op: a, schema: c.schema, side, where: `response ${resp.status} ${c.mediaType}` });
          }
        }
      }
    }
    uses[side] = out;
    return out;
  }

  /**
   * The schema nodes of one side in walk order, with what the walk passes with each, in parallel
   * arrays: the operation (its index, shifted) and flags of each node, its property name and the object
   * whose property it is. The SchemaVisit of a node is made when a walk first reaches it, so the
   * nodes no check walks (most of the response side) get none.
   */
  type Visits = {
    readonly nodes: Readonly<Record<string, unknown>>[];
    readonly meta: number[];
    readonly names: (string | undefined)[];
    readonly parents: (Record<string, unknown> | undefined)[];
    readonly infos: (SchemaVisit | undefined)[];
    /** Indexes into `nodes` of each kind, in walk order. */
    readonly kinds: Readonly<Record<SchemaKind, number[]>>;
    readonly side: 'request' | 'response';
  };
  const visits: Record<'request' | 'response', Visits | undefined> = { request: undefined, response: undefined };
  const ROOT = 1;
  const IN_COMPOSITION = 2;
  const IS_PARAMETER = 4;
  /** `meta` holds a node's flags in its low bits and its operation's index above them. */
  const OP_SHIFT = 3;

  /**
   * The schemas of one side as schemaUses lists them (in its order, with its dedupe), as parallel
   * arrays: each schema, and its operation's index (shifted) with IS_PARAMETER. No SchemaUse
   * objects: the walk needs neither them nor their `where` strings (about 2,100 of each on the
   * generated document, all kept to the end of the run).
   */
  function rootsOf(side: 'request' | 'response'): { schemas: Schema[]; meta: number[] } {
    const schemas: Schema[] = [];
    const meta: number[] = [];
    const seen: object[] = [];
    /** The distinct schemas of one request body's or response's media types. */
    const addContent = (content: readonly { readonly schema?: Schema }[], bits: number) => {
      seen.length = 0;
      for (let i = 0; i < content.length; i++) {
        const schema = content[i]!.schema;
        if (!schema || seen.includes(schema)) continue;
        seen.push(schema);
        schemas.push(schema);
        meta.push(bits);
      }
    };
    for (let o = 0; o < operations.length; o++) {
      const op = operations[o]!.op;
      const bits = o << OP_SHIFT;
      if (side === 'request') {
        const params = op.parameters;
        for (let i = 0; i < params.length; i++) {
          const schema = params[i]!.schema;
          if (!schema) continue;
          schemas.push(schema);
          meta.push(bits | IS_PARAMETER);
        }
        addContent(op.requestBody?.content ?? [], bits);
      } else {
        const responses = op.responses;
        for (let r = 0; r < responses.length; r++) addContent(responses[r]!.content, bits);
      }
    }
    return { schemas, meta };
  }

  /** Every distinct schema node of one side, with its first use; computed once, shared by all checks. */
  function visitsOf(side: 'request' | 'response'): Visits {
    const have = visits[side];
    if (have) return have;
    const nodes: Readonly<Record<string, unknown>>[] = [];
    const meta: number[] = [];
    const names: (string | undefined)[] = [];
    const parents: (Record<string, unknown> | undefined)[] = [];
    const strings: number[] = [];
    const numbers: number[] = [];
    const arrays: number[] = [];
    const maps: number[] = [];
    const withProperties: number[] = [];
    const seen = new Set<object>();
    const skipKey = side === 'request' ? 'readOnly' : 'writeOnly';
    // An explicit stack (deep schemas must not overflow the call stack), as parallel arrays rather
    // than an object per entry: the node, the object whose property it is and the property name
    // (when it is one), and the flags. Its top is `sp`, and the outputs are written by index too:
    // this runs in V8's interpreter, where each push() or pop() is a call (indexed stores instead:
    // about 0.7 of 5.3 ms for both sides of the generated document, in isolation).
    const stackNode: unknown[] = [];
    const stackParent: (Record<string, unknown> | undefined)[] = [];
    const stackName: (string | undefined)[] = [];
    const stackFlags: number[] = [];
    let sp = 0;
    const push = (node: unknown, flags: number) => {
      stackNode[sp] = node;
      stackParent[sp] = undefined;
      stackName[sp] = undefined;
      stackFlags[sp] = flags;
      sp++;
    };
    let at = 0;
    const roots = rootsOf(side);
    for (let u = 0; u < roots.schemas.length; u++) {
      const useBits = roots.meta[u]!;
      push(roots.schemas[u], ROOT);
      while (sp > 0) {
        sp--;
        const node = stackNode[sp];
        const parent = stackParent[sp];
        const name = stackName[sp];
        const flags = stackFlags[sp]!;
        if (node === null || typeof node !== 'object' || Array.isArray(node) || seen.has(node)) continue;
        seen.add(node);
        const n = node as Record<string, unknown>;
        nodes[at] = n;
        meta[at] = useBits | flags;
        names[at] = name;
        parents[at] = parent;
        // The keywords that hold subschemas (and the type), read in one pass over the node's keys:
        // schema nodes come in many shapes, and reading each absent keyword by name is a
        // megamorphic miss.
        let type: unknown, props: unknown, items: unknown, prefixItems: unknown, additional: unknown, pattern: unknown, allOf: unknown, anyOf: unknown, oneOf: unknown;
        for (const key in n) {
          switch (key) {
            case 'type':
              type = n[key];
              break;
            case 'properties':
              props = n[key];
              break;
            case 'items':
              items = n[key];
              break;
            case 'prefixItems':
              prefixItems = n[key];
              break;
            case 'additionalProperties':
              additional = n[key];
              break;
            case 'patternProperties':
              pattern = n[key];
              break;
            case 'allOf':
              allOf = n[key];
              break;
            case 'anyOf':
              anyOf = n[key];
              break;
            case 'oneOf':
              oneOf = n[key];
              break;
          }
        }
        // The kinds, as hasType tells them (one type name, or a list that includes it).
        if (typeof type === 'string') {
          if (type === 'string') strings.push(at);
          else if (type === 'integer' || type === 'number') numbers.push(at);
          else if (type === 'array') arrays.push(at);
        } else if (Array.isArray(type)) {
          if (type.includes('string')) strings.push(at);
          if (type.includes('integer') || type.includes('number')) numbers.push(at);
          if (type.includes('array')) arrays.push(at);
        }
        if ((additional !== null && typeof additional === 'object') || (pattern !== null && typeof pattern === 'object')) maps.push(at);
        if (props !== null && typeof props === 'object') withProperties.push(at);
        at++;
        if (isObj(props)) {
          // Pushed in order and then reversed in place, so that they pop in order.
          const first = sp;
          const keys = keysOf(props);
          // An array among them is pushed and dropped when popped (no Array.isArray call here).
          for (let k = 0; k < keys.length; k++) {
            const key = keys[k]!;
            const child = props[key];
            if (child === null || typeof child !== 'object' || (child as Record<string, unknown>)[skipKey] === true || seen.has(child)) continue;
            stackNode[sp] = child;
            stackParent[sp] = n;
            stackName[sp] = key;
            stackFlags[sp] = 0;
            sp++;
          }
          for (let i = first, j = sp - 1; i < j; i++, j--) {
            const c = stackNode[i];
            stackNode[i] = stackNode[j];
            stackNode[j] = c;
            const k = stackName[i];
            stackName[i] = stackName[j];
            stackName[j] = k;
          }
        }
        if (isObj(items)) push(items, 0);
        else if (Array.isArray(items)) for (let i = 0; i < items.length; i++) push(items[i], 0);
        if (Array.isArray(prefixItems)) for (let i = 0; i < prefixItems.length; i++) push(prefixItems[i], 0);
        if (isObj(additional)) push(additional, 0);
        if (isObj(pattern)) for (const v of Object.values(pattern)) push(v, 0);
        // The first allOf member of a `$ref` with siblings is the referenced schema itself.
        if (Array.isArray(allOf)) {
          const refAlias = (n as { [REF_WITH_SIBLINGS]?: boolean })[REF_WITH_SIBLINGS] === true;
          for (let i = 0; i < allOf.length; i++) push(allOf[i], refAlias && i === 0 ? 0 : IN_COMPOSITION);
        }
        if (Array.isArray(anyOf)) for (let i = 0; i < anyOf.length; i++) push(anyOf[i], IN_COMPOSITION);
        if (Array.isArray(oneOf)) for (let i = 0; i < oneOf.length; i++) push(oneOf[i], IN_COMPOSITION);
      }
    }
    const infos: (SchemaVisit | undefined)[] = new Array(nodes.length);
    const out: Visits = { nodes, meta, names, parents, infos, kinds: { string: strings, number: numbers, array: arrays, map: maps, properties: withProperties }, side };
    visits[side] = out;
    return out;
  }

  /** The SchemaVisit of node `i` of a side (made once, when a walk first reaches it). */
  function infoAt(v: Visits, i: number): SchemaVisit {
    const n = v.nodes[i]!;
    const m = v.meta[i]!;
    const name = v.names[i];
    const parent = v.parents[i];
    const info: SchemaVisit = {
      op: operations[m >>> OP_SHIFT]!,
      side: v.side,
      propertyName: name,
      place: placeOf(n) ?? (parent && name !== undefined ? propertyPlace(parent, name) : undefined),
      isRoot: (m & ROOT) !== 0,
      inComposition: (m & IN_COMPOSITION) !== 0,
      isParameter: (m & IS_PARAMETER) !== 0,
    };
    v.infos[i] = info;
    return info;
  }

  function walkSchemas(side: 'request' | 'response', visit: (node: Readonly<Record<string, unknown>>, info: SchemaVisit) => void, only?: SchemaKind): void {
    const v = visitsOf(side);
    const { nodes, infos } = v;
    if (only === undefined) {
      for (let i = 0; i < nodes.length; i++) visit(nodes[i]!, infos[i] ?? infoAt(v, i));
      return;
    }
    const list = v.kinds[only];
    for (let k = 0; k < list.length; k++) {
      const i = list[k]!;
      visit(nodes[i]!, infos[i] ?? infoAt(v, i));
    }
  }

  function propertyPlace(parent: object, name: string): SpecPlace | undefined {
    const props = (parent as Record<string, unknown>).properties;
    const at = isObj(props) ? placeOf(props) : undefined;
    if (at) return { file: at.file, pointer: `${at.pointer}/${escapePointer(name)}` };
    const child = isObj(props) ? props[name] : undefined;
    return isObj(child) ? placeOf(child) : placeOf(parent);
  }

  return {
    spec,
    propertyPlace,
    version: spec.version,
    rootFile: spec.rootFile,
    raw: spec.raw as Record<string, unknown>,
    operations,
    securitySchemes: spec.surface.securitySchemes,
    placeOf,
    keysOf,
    schemaUses,
    walkSchemas,
  };
}
