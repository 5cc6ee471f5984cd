// The schema model the GraphQL checks share, from introspection, from SDL text, or recovered from
// "Did you mean" suggestions when introspection is off (a partial schema).
import { buildSchema, introspectionFromSchema } from 'graphql';
import type { IntrospectionQuery, IntrospectionTypeRef } from 'graphql';

export interface GqlTypeRef {
  readonly kind: string;
  readonly name?: string;
  readonly ofType?: GqlTypeRef;
}

export interface GqlArg {
  readonly name: string;
  readonly type: GqlTypeRef;
}

export interface GqlField {
  readonly name: string;
  readonly args: readonly GqlArg[];
  readonly type: GqlTypeRef;
}

export interface GqlType {
  readonly name: string;
  /** `OBJECT`, `INTERFACE`, `UNION`, `SCALAR`, `ENUM`, `INPUT_OBJECT`. */
  readonly kind: string;
  readonly fields: GqlField[];
  readonly inputFields: GqlArg[];
  readonly enumValues: string[];
  readonly possibleTypes: string[];
}

export interface GqlSchema {
  readonly queryType: string;
  readonly mutationType?: string;
  readonly types: Map<string, GqlType>;
  /** How it was learned. */
  readonly source: 'introspection' | 'sdl' | 'suggestions';
}

function refOf(t: IntrospectionTypeRef): GqlTypeRef {
  if (t.kind === 'LIST' || t.kind === 'NON_NULL') return { kind: t.kind, ofType: refOf((t as { ofType: IntrospectionTypeRef }).ofType) };
  return { kind: t.kind, name: (t as { name: string }).name };
}

/** The model of an introspection answer (`data` of the introspection query); undefined when malformed. */
export function schemaFromIntrospection(data: unknown, source: GqlSchema['source'] = 'introspection'): GqlSchema | undefined {
  try {
    const s = (data as IntrospectionQuery).__schema;
    if (!s || !Array.isArray(s.types) || !s.queryType) return undefined;
    const types = new Map<string, GqlType>();
    for (const t of s.types) {
      const x = t as unknown as Record<string, unknown>;
      types.set(t.name, {
        name: t.name,
        kind: t.kind,
        fields: ((x.fields as unknown[] | null) ?? []).map((f) => {
          const ff = f as { name: string; args?: { name: string; type: IntrospectionTypeRef }[]; type: IntrospectionTypeRef };
          return { name: ff.name, args: (ff.args ?? []).map((a) => ({ name: a.name, type: refOf(a.type) })), type: refOf(ff.type) };
        }),
        inputFields: ((x.inputFields as { name: string; type: IntrospectionTypeRef }[] | null) ?? []).map((a) => ({ name: a.name, type: refOf(a.type) })),
        enumValues: ((x.enumValues as { name: string }[] | null) ?? []).map((v) => v.name),
        possibleTypes: ((x.possibleTypes as { name: string }[] | null) ?? []).map((v) => v.name),
      });
    }
    return { queryType: s.queryType.name, ...(s.mutationType ? { mutationType: s.mutationType.name } : {}), types, source };
  } catch {
    return undefined;
  }
}

/** The model of SDL text (a schema file given in the config); throws on invalid SDL. */
export function schemaFromSdl(sdl: string): GqlSchema {
  const built = buildSchema(sdl, { assumeValidSDL: false });
  const s = schemaFromIntrospection(introspectionFromSchema(built), 'sdl');
  if (!s) throw new Error('the SDL has no query type');
  return s;
}

/** The named type under LIST and NON_NULL wrappers. */
export function namedType(t: GqlTypeRef): string {
  let r: GqlTypeRef | undefined = t;
  while (r && !r.name) r = r.ofType;
  return r?.name ?? 'String';
}

export function isList(t: GqlTypeRef): boolean {
  let r: GqlTypeRef | undefined = t;
  while (r) {
    if (r.kind === 'LIST') return true;
    r = r.ofType;
  }
  return false;
}

export function isRequired(t: GqlTypeRef): boolean {
  return t.kind === 'NON_NULL';
}

/** Parse a printed type (`[User!]!`) into a reference; `kindOf` names the kind of a named type. */
export function parseTypeString(s: string, kindOf: (name: string) => string = () => 'OBJECT'): GqlTypeRef {
  const t = s.trim();
  if (t.endsWith('!')) return { kind: 'NON_NULL', ofType: parseTypeString(t.slice(0, -1), kindOf) };
  if (t.startsWith('[') && t.endsWith(']')) return { kind: 'LIST', ofType: parseTypeString(t.slice(1, -1), kindOf) };
  return { kind: kindOf(t), name: t };
}

/** Print a reference as GraphQL writes it (`[User!]!`). */
export function printType(t: GqlTypeRef): string {
  if (t.kind === 'NON_NULL') return `${printType(t.ofType!)}!`;
  if (t.kind === 'LIST') return `[${printType(t.ofType!)}]`;
  return t.name ?? 'String';
}

const BUILTIN_SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

export function typeKind(schema: GqlSchema, name: string): string {
  return schema.types.get(name)?.kind ?? (BUILTIN_SCALARS.has(name) ? 'SCALAR' : 'OBJECT');
}

export function isLeafType(schema: GqlSchema, name: string): boolean {
  const k = typeKind(schema, name);
  return k === 'SCALAR' || k === 'ENUM';
}

/** User-defined object types (no introspection types). */
export function objectTypes(schema: GqlSchema): GqlType[] {
  return [...schema.types.values()].filter((t) => (t.kind === 'OBJECT' || t.kind === 'INTERFACE') && !t.name.startsWith('__'));
}

export function rootFields(schema: GqlSchema, which: 'query' | 'mutation'): GqlField[] {
  const name = which === 'query' ? schema.queryType : schema.mutationType;
  return name ? (schema.types.get(name)?.fields ?? []) : [];
}

/**
 * A recursive path on the schema's own types: fields f1..fk such that following them from the type
 * `start` leads back to `start` (`User.friends -> User`, `User.posts -> Post.author -> User`), plus a
 * root field reaching `start` without required arguments (or with arguments a query can fill).
 */
export interface RecursivePath {
  /** The root query field that enters the cycle. */
  readonly entry: GqlField;
  /** The fields of one turn of the cycle, in order. */
  readonly cycle: readonly GqlField[];
  /** A scalar field at the end (`id`, `__typename`). */
  readonly leaf: string;
}

/** The shortest cycle reachable from a root query field (breadth-first over object types). Pure. */
export function findRecursivePath(schema: GqlSchema): RecursivePath | undefined {
  const q = schema.types.get(schema.queryType);
  if (!q) return undefined;
  const objectish = (n: string) => ['OBJECT', 'INTERFACE'].includes(typeKind(schema, n)) && !n.startsWith('__');
  let best: RecursivePath | undefined;
  for (const entry of q.fields) {
    const start = namedType(entry.type);
    if (!objectish(start)) continue;
    // BFS from start back to start, at most 3 hops, fields without required arguments.
    const queue: { at: string; path: GqlField[] }[] = [{ at: start, path: [] }];
    let found: GqlField[] | undefined;
    for (let i = 0; i < queue.length && i < 500 && !found; i++) {
      const { at, path } = queue[i]!;
      if (path.length >= 3) continue;
      for (const f of schema.types.get(at)?.fields ?? []) {
        if (f.args.some((a) => isRequired(a.type)) || f.name.startsWith('__')) continue;
        const to = namedType(f.type);
        if (!objectish(to)) continue;
        if (to === start) {
          found = [...path, f];
          break;
        }
        if (!path.some((p) => namedType(p.type) === to)) queue.push({ at: to, path: [...path, f] });
      }
    }
    if (!found) continue;
    const leafField = (schema.types.get(start)?.fields ?? []).find((f) => isLeafType(schema, namedType(f.type)) && !f.args.some((a) => isRequired(a.type)));
    const cand = { entry, cycle: found, leaf: leafField?.name ?? '__typename' };
    const score = (p: RecursivePath) => p.cycle.length * 10 + p.entry.args.filter((a) => isRequired(a.type)).length;
    if (!best || score(cand) < score(best)) best = cand;
  }
  return best;
}

const SENSITIVE = [
  { kind: 'password', re: /^(password|passwd|pwd|password_?hash|hashed_?password|pass_?hash)$|password/i },
  { kind: 'token', re: /(^|_|[a-z])(token|jwt|session_?id|refresh_?token|access_?token|api_?key|apikey)s?$/i },
  { kind: 'secret', re: /secret|private_?key|otp_?seed|totp|mfa_?secret/i },
  { kind: 'ssn', re: /(^|_|[a-z])(ssn|social_?security(_?number)?|national_?id|tax_?id)$/i },
  { kind: 'card', re: /(credit_?card|card_?number|cc_?number|^pan$|cvv|cvc|card_?cvc)/i },
];

/** What kind of sensitive data a field name suggests, or undefined. Pure. */
export function sensitiveKind(fieldName: string): string | undefined {
  const n = fieldName.replace(/([a-z])([A-Z])/g, '$1_$2');
  return SENSITIVE.find((s) => s.re.test(n))?.kind;
}
