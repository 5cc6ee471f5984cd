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
  /** Where a property of a resolved object schema is written (`.../properties/<name>`). */
  propertyPlace(parent: object, name: string): SpecPlace | undefined;
  /** Parameter and request body schemas, or response schemas, of every operation. */
  schemaUses(side: 'request' | 'response'): readonly SchemaUse[];
  /**
   * Visit every distinct schema node reachable from one side's schemas once (shared and circular
   * schemas are visited once), skipping `readOnly` properties on the request side and `writeOnly`
   * ones on the response side.
   */
  walkSchemas(side: 'request' | 'response', visit: (node: Readonly<Record<string, unknown>>, info: SchemaVisit) => void): void;
}

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

  /** The schema nodes of one side in walk order, and what the walk passes with each (parallel arrays). */
  type Visits = { readonly nodes: Readonly<Record<string, unknown>>[]; readonly infos: SchemaVisit[] };
  const visits: Record<'request' | 'response', Visits | undefined> = { request: undefined, response: undefined };

  /** Every distinct schema node of one side, with its first use; computed once, shared by all checks. */
  function visitsOf(side: 'request' | 'response'): Visits {
    const have = visits[side];
    if (have) return have;
    const nodes: Readonly<Record<string, unknown>>[] = [];
    const infos: SchemaVisit[] = [];
    const seen = new Set<object>();
    const skipKey = side === 'request' ? 'readOnly' : 'writeOnly';
    // An explicit stack (deep schemas must not overflow the call stack), as parallel arrays rather
    // than an object per entry: the node, the object whose property it is and the property name
    // (when it is one), and the flags below.
    const stackNode: unknown[] = [];
    const stackParent: (Record<string, unknown> | undefined)[] = [];
    const stackName: (string | undefined)[] = [];
    const stackFlags: number[] = [];
    const ROOT = 1;
    const IN_COMPOSITION = 2;
    const push = (node: unknown, flags: number) => {
      stackNode.push(node);
      stackParent.push(undefined);
      stackName.push(undefined);
      stackFlags.push(flags);
    };
    const useList = schemaUses(side);
    for (let u = 0; u < useList.length; u++) {
      const use = useList[u]!;
      const isParameter = use.where.startsWith('parameter');
      push(use.schema, ROOT);
      while (stackNode.length > 0) {
        const node = stackNode.pop();
        const parent = stackParent.pop();
        const name = stackName.pop();
        const flags = stackFlags.pop()!;
        if (node === null || typeof node !== 'object' || Array.isArray(node) || seen.has(node)) continue;
        seen.add(node);
        const n = node as Record<string, unknown>;
        nodes.push(n);
        infos.push({
          op: use.op,
          side,
          propertyName: name,
          place: placeOf(n) ?? (parent && name !== undefined ? propertyPlace(parent, name) : undefined),
          isRoot: (flags & ROOT) !== 0,
          inComposition: (flags & IN_COMPOSITION) !== 0,
          isParameter,
        });
        // The keywords that hold subschemas, read in one pass over the node's keys: schema nodes
        // come in many shapes, and reading each absent keyword by name is a megamorphic miss.
        let props: unknown, items: unknown, prefixItems: unknown, additional: unknown, pattern: unknown, allOf: unknown, anyOf: unknown, oneOf: unknown;
        for (const key in n) {
          switch (key) {
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
        if (isObj(props)) {
          // Pushed in order and then reversed in place, so that they pop in order: for-in needs no
          // key array (these are plain objects of the parsed document: no inherited enumerable keys).
          const first = stackNode.length;
          for (const key in props) {
            const child = props[key];
            if (!isObj(child) || child[skipKey] === true || seen.has(child)) continue;
            stackNode.push(child);
            stackParent.push(n);
            stackName.push(key);
            stackFlags.push(0);
          }
          for (let i = first, j = stackNode.length - 1; i < j; i++, j--) {
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
    const out = { nodes, infos };
    visits[side] = out;
    return out;
  }

  function walkSchemas(side: 'request' | 'response', visit: (node: Readonly<Record<string, unknown>>, info: SchemaVisit) => void): void {
    const { nodes, infos } = visitsOf(side);
    for (let i = 0; i < nodes.length; i++) visit(nodes[i]!, infos[i]!);
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
    schemaUses,
    walkSchemas,
  };
}
