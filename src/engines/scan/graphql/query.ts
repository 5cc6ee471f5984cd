// Building queries on the schema's own types: selections of scalar leaves and argument literals
// of the right type. Pure.
import type { GqlField, GqlSchema, GqlTypeRef } from './schema.js';
import { isRequired, namedType, typeKind } from './schema.js';

/** A GraphQL string literal. */
export function str(v: string): string {
  return JSON.stringify(v);
}

export interface ArgValues {
  /** Values by argument name (used for `id`-like arguments). */
  readonly byName?: Readonly<Record<string, string | number | boolean>>;
  /** The default string for String/ID arguments. */
  readonly text?: string;
}

/** A literal for a type (`"a"`, `1`, `true`, the first enum value, an input object of its required fields). */
export function literalFor(schema: GqlSchema, t: GqlTypeRef, hint: ArgValues = {}, depth = 0): string {
  if (t.kind === 'NON_NULL') return literalFor(schema, t.ofType!, hint, depth);
  if (t.kind === 'LIST') return `[${literalFor(schema, t.ofType!, hint, depth)}]`;
  const name = t.name ?? 'String';
  switch (name) {
    case 'Int':
      return '1';
    case 'Float':
      return '1.0';
    case 'Boolean':
      return 'true';
    case 'String':
    case 'ID':
      return str(hint.text ?? 'rampart');
  }
  const type = schema.types.get(name);
  if (type?.kind === 'ENUM') return type.enumValues[0] ?? 'A';
  if (type?.kind === 'INPUT_OBJECT' && depth < 3) {
    const parts = type.inputFields.filter((f) => isRequired(f.type)).map((f) => `${f.name}: ${literalFor(schema, f.type, hint, depth + 1)}`);
    return `{${parts.join(', ')}}`;
  }
  return str(hint.text ?? 'rampart');
}

/** `(a: 1, b: "x")` for the required arguments of a field (and those named in `hint.byName`). */
export function argsFor(schema: GqlSchema, f: GqlField, hint: ArgValues = {}): string {
  const parts: string[] = [];
  for (const a of f.args) {
    const given = hint.byName?.[a.name];
    if (given !== undefined) {
      const scalar = namedType(a.type);
      parts.push(`${a.name}: ${typeof given === 'string' ? (scalar === 'Int' && /^-?\d+$/.test(given) ? given : str(given)) : String(given)}`);
    } else if (isRequired(a.type)) parts.push(`${a.name}: ${literalFor(schema, a.type, hint)}`);
  }
  return parts.length > 0 ? `(${parts.join(', ')})` : '';
}

/** A selection set for a type: its scalar fields without required arguments, objects nested `depth` levels. */
export function selectionFor(schema: GqlSchema, typeName: string, depth = 1, maxFields = 25): string {
  const kind = typeKind(schema, typeName);
  if (kind === 'SCALAR' || kind === 'ENUM') return '';
  const type = schema.types.get(typeName);
  const parts: string[] = [];
  if (type?.kind === 'UNION') {
    for (const p of type.possibleTypes.slice(0, 5)) {
      const inner = selectionFor(schema, p, 0, 10);
      if (inner) parts.push(`... on ${p} ${inner}`);
    }
    return `{ __typename ${parts.join(' ')} }`;
  }
  if (type?.kind === 'INTERFACE' && depth > 0) {
    for (const p of type.possibleTypes.slice(0, 6)) {
      const inner = selectionFor(schema, p, depth - 1, 10);
      if (inner && inner !== '{ __typename }') parts.push(`... on ${p} ${inner}`);
    }
  }
  for (const f of type?.fields ?? []) {
    if (parts.length >= maxFields) break;
    if (f.name.startsWith('__') || f.args.some((a) => isRequired(a.type))) continue;
    const inner = namedType(f.type);
    const k = typeKind(schema, inner);
    if (k === 'SCALAR' || k === 'ENUM') parts.push(f.name);
    else if (depth > 0) {
      const sub = selectionFor(schema, inner, depth - 1, 8);
      if (sub && sub !== '{ __typename }') parts.push(`${f.name} ${sub}`);
    }
  }
  return `{ __typename ${parts.join(' ')} }`;
}

/** `field(args) { selection }` for a root field. */
export function fieldQuery(schema: GqlSchema, f: GqlField, hint: ArgValues = {}, depth = 1): string {
  const sel = selectionFor(schema, namedType(f.type), depth);
  return `${f.name}${argsFor(schema, f, hint)}${sel ? ` ${sel}` : ''}`;
}

/**
 * A nested query `depth` levels deep following a recursive path, counting every field level with
 * the leaf: depth 2 is `entry { leaf }`, depth 3 is `entry { f1 { leaf } }`.
 */
export function deepQuery(schema: GqlSchema, path: { entry: GqlField; cycle: readonly GqlField[]; leaf: string }, depth: number, hint: ArgValues = {}): string {
  let inner = path.leaf;
  for (let i = depth - 2; i >= 1; i--) {
    const f = path.cycle[(i - 1) % path.cycle.length]!;
    inner = `${f.name} { ${inner} }`;
  }
  return `query { ${path.entry.name}${argsFor(schema, path.entry, hint)} { ${inner} } }`;
}
