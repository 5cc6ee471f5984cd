/**
 * Example values from schemas: types, formats, enums, bounds, patterns, `example`/`examples`.
 * Deterministic for a given seed. Pure (randomness is an injected seeded generator).
 */
import type { Operation, Parameter, Schema } from './model.js';
import { seededRandom } from '../core/random.js';

export { seededRandom };


export interface ExampleOptions {
  readonly random: () => number;
  /** Property name, used to pick plausible strings (`email`, `name`, `id`...). */
  readonly name?: string;
  readonly maxDepth?: number;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function pick<T>(arr: readonly T[], random: () => number): T {
  return arr[Math.floor(random() * arr.length) % arr.length]!;
}

function hex(n: number, random: () => number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(random() * 16)];
  return s;
}

/** A UUID v4 from the seeded generator. */
export function seededUuid(random: () => number): string {
  const h = hex(32, random).split('');
  h[12] = '4';
  h[16] = '89ab'[Math.floor(random() * 4)]!;
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function typeOf(schema: Schema): string | undefined {
  const t = schema.type;
  if (Array.isArray(t)) return (t as string[]).find((x) => x !== 'null') ?? 'null';
  if (typeof t === 'string') return t;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

/** A string matching a simple regex (literals, classes, \d \w, quantifiers, groups with |). */
export function stringForPattern(pattern: string, random: () => number): string | undefined {
  let i = 0;
  const src = pattern.replace(/^\^/, '').replace(/\$$/, '');
  function atom(): string[] | undefined {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1]!;
      i += 2;
      if (n === 'd') return ['0123456789'];
      if (n === 'w') return [ALNUM + '_'];
      if (n === 's') return [' '];
      return [n];
    }
    if (c === '[') {
      const end = src.indexOf(']', i + 1);
      if (end < 0) return undefined;
      let body = src.slice(i + 1, end);
      i = end + 1;
      if (body.startsWith('^')) return ['x'];
      let chars = '';
      body = body.replace(/\\d/g, '0-9').replace(/\\w/g, 'a-zA-Z0-9_');
      for (let k = 0; k < body.length; k++) {
        if (body[k + 1] === '-' && k + 2 < body.length) {
          for (let x = body.charCodeAt(k); x <= body.charCodeAt(k + 2); x++) chars += String.fromCharCode(x);
          k += 2;
        } else if (body[k] === '\\') {
          chars += body[k + 1] ?? '';
          k++;
        } else chars += body[k];
      }
      return [chars || 'x'];
    }
    if (c === '(') {
      let depth = 0;
      let end = i;
      for (; end < src.length; end++) {
        if (src[end] === '\\') end++;
        else if (src[end] === '(') depth++;
        else if (src[end] === ')' && --depth === 0) break;
      }
      const inner = src.slice(i + 1, end).replace(/^\?:/, '');
      i = end + 1;
      const alts = splitAlternatives(inner);
      const chosen = stringForPattern(alts[0]!, random);
      return chosen === undefined ? undefined : [`\u0000${chosen}`];
    }
    if (c === '.') {
      i++;
      return ['abc'];
    }
    i++;
    return [c];
  }
  let out = '';
  while (i < src.length) {
    if (src[i] === '|') break;
    const a = atom();
    if (!a) return undefined;
    let min = 1;
    let max = 1;
    const q = src[i];
    if (q === '+') [min, max, i] = [1, 3, i + 1];
    else if (q === '*') [min, max, i] = [1, 2, i + 1];
    else if (q === '?') [min, max, i] = [1, 1, i + 1];
    else if (q === '{') {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(src.slice(i));
      if (m) {
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[2] === '' ? min + 2 : Number(m[2]);
        i += m[0].length;
      }
    }
    const n = min + Math.floor(random() * (Math.min(max, min + 3) - min + 1));
    const set = a[0]!;
    for (let k = 0; k < n; k++) out += set.startsWith('\u0000') ? set.slice(1) : set.length === 1 ? set : set[Math.floor(random() * set.length)];
  }
  try {
    return new RegExp(pattern).test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

function splitAlternatives(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      cur += c + (s[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === '|' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function stringByFormat(format: string | undefined, name: string, random: () => number): string | undefined {
  switch (format) {
    case 'uuid':
      return seededUuid(random);
    case 'email':
    case 'idn-email':
      return `user${Math.floor(random() * 1000)}@example.com`;
    case 'date-time':
      return `2024-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}T10:00:00Z`;
    case 'date':
      return `2024-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
    case 'time':
      return '10:00:00Z';
    case 'uri':
    case 'url':
    case 'iri':
      return 'https://example.com/resource';
    case 'hostname':
      return 'example.com';
    case 'ipv4':
      return '192.0.2.10';
    case 'ipv6':
      return '2001:db8::10';
    case 'byte':
      return Buffer.from('example').toString('base64');
    case 'binary':
      return 'example';
    case 'password':
      return 'Example-Passw0rd';
    case 'int64':
    case 'int32':
      return String(1 + Math.floor(random() * 100));
    default:
      break;
  }
  const n = name.toLowerCase();
  if (/e-?mail/.test(n)) return `user${Math.floor(random() * 1000)}@example.com`;
  if (/(^|_)id$|Id$/.test(name) || n === 'id') return String(1 + Math.floor(random() * 100));
  if (/url|uri|link|href/.test(n)) return 'https://example.com/resource';
  if (/phone/.test(n)) return '+15555550100';
  if (/password|secret/.test(n)) return 'Example-Passw0rd';
  if (/name/.test(n)) return pick(['alex', 'sam', 'robin', 'kim'], random);
  if (/date|time/.test(n)) return '2024-01-15T10:00:00Z';
  return undefined;
}

/**
 * An example value for a schema. Prefers `example`, `examples`, `default`, `const` and `enum`; then
 * builds from the type and its constraints.
 */
export function exampleValue(schema: Schema | undefined, opts: ExampleOptions, depth = 0, seen: Set<Schema> = new Set()): unknown {
  if (!schema || typeof schema !== 'object') return 'example';
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum.find((v) => v !== null) ?? schema.enum[0];
  if (seen.has(schema) || depth > (opts.maxDepth ?? 6)) return typeOf(schema) === 'array' ? [] : typeOf(schema) === 'object' ? {} : null;
  const inner = new Set(seen).add(schema);
  for (const k of ['oneOf', 'anyOf'] as const) {
    const alts = schema[k];
    if (Array.isArray(alts) && alts.length > 0) {
      const first = (alts as Schema[]).find((a) => typeOf(a) !== 'null') ?? (alts[0] as Schema);
      return exampleValue(first, opts, depth + 1, inner);
    }
  }
  if (Array.isArray(schema.allOf)) {
    const merged: Record<string, unknown> = {};
    for (const part of schema.allOf as Schema[]) {
      const v = exampleValue(part, opts, depth + 1, inner);
      if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(merged, v);
    }
    const own = { ...schema } as Record<string, unknown>;
    delete own.allOf;
    if (own.properties) Object.assign(merged, exampleValue(own, opts, depth + 1, inner) as object);
    return merged;
  }
  const r = opts.random;
  const name = opts.name ?? '';
  switch (typeOf(schema)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      for (const [k, s] of Object.entries(props)) {
        if ((s as Record<string, unknown>).readOnly === true) continue;
        out[k] = exampleValue(s, { ...opts, name: k }, depth + 1, inner);
      }
      return out;
    }
    case 'array': {
      const n = Math.max(1, Number(schema.minItems ?? 1));
      const items = schema.items as Schema | undefined;
      return Array.from({ length: Math.min(n, 3) }, () => exampleValue(items, { ...opts, name }, depth + 1, inner));
    }
    case 'integer':
    case 'number': {
      const isInt = typeOf(schema) === 'integer';
      let min = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + (isInt ? 1 : 0.5) : 1;
      let max = typeof schema.maximum === 'number' ? schema.maximum : typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - (isInt ? 1 : 0.5) : Math.max(min, 1) + 99;
      if (schema.exclusiveMinimum === true && typeof schema.minimum === 'number') min += isInt ? 1 : 0.5;
      if (schema.exclusiveMaximum === true && typeof schema.maximum === 'number') max -= isInt ? 1 : 0.5;
      if (max < min) max = min;
      let v = min + r() * (max - min);
      if (isInt) v = Math.ceil(v) > max ? Math.floor(v) : Math.ceil(v);
      else v = Math.round(v * 100) / 100;
      const mult = typeof schema.multipleOf === 'number' && schema.multipleOf > 0 ? schema.multipleOf : undefined;
      if (mult) v = Math.max(Math.ceil(min / mult), Math.min(Math.floor(max / mult), Math.round(v / mult))) * mult;
      return v;
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
    default: {
      const minLen = Number(schema.minLength ?? 0);
      const maxLen = schema.maxLength === undefined ? Infinity : Number(schema.maxLength);
      let s: string | undefined;
      if (typeof schema.pattern === 'string') s = stringForPattern(schema.pattern, r);
      s ??= stringByFormat(schema.format as string | undefined, name, r);
      s ??= `example${Math.floor(r() * 1000)}`;
      if (typeof schema.pattern !== 'string') {
        while (s.length < minLen) s += ALNUM[Math.floor(r() * ALNUM.length)];
        if (s.length > maxLen) s = s.slice(0, Math.max(minLen, maxLen));
      }
      return s;
    }
  }
}

/** An example value of a parameter, as a string for a URL or header. */
export function parameterExample(p: Parameter, random: () => number): string {
  const v = p.example !== undefined ? p.example : exampleValue(p.schema, { random, name: p.name });
  if (Array.isArray(v)) return v.map(String).join(',');
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v ?? '');
}

/** The media type a request body is sent as by default: JSON first, then forms, then the first. */
export function preferredMediaType(op: Operation): string | undefined {
  const types = op.requestBody?.content.map((c) => c.mediaType) ?? [];
  return types.find((t) => /json/i.test(t)) ?? types.find((t) => /x-www-form-urlencoded/i.test(t)) ?? types.find((t) => /multipart/i.test(t)) ?? types[0];
}

/** The example body of an operation for a media type (undefined when none). */
export function bodyExample(op: Operation, mediaType: string | undefined, random: () => number): unknown {
  const c = op.requestBody?.content.find((x) => x.mediaType === mediaType) ?? op.requestBody?.content[0];
  if (!c) return undefined;
  if (c.example !== undefined) return c.example;
  return exampleValue(c.schema, { random });
}

/** A JSON Schema inferred from an example value (for HAR and Postman bodies). Pure. */
export function inferSchema(value: unknown, depth = 0): Schema {
  if (depth > 8) return {};
  if (value === null) return { type: 'null' };
  if (Array.isArray(value)) return { type: 'array', items: value.length > 0 ? inferSchema(value[0], depth + 1) : {} };
  if (typeof value === 'object') {
    const props: Record<string, Schema> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) props[k] = inferSchema(v, depth + 1);
    return { type: 'object', properties: props };
  }
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number', example: value };
  if (typeof value === 'boolean') return { type: 'boolean', example: value };
  return { type: 'string', example: value };
}

/**
 * A path template from a concrete path: numeric, UUID and long hex segments become parameters
 * (`/users/42/orders/7` -> `/users/{id}/orders/{id2}`). Pure.
 */
export function templatePath(path: string): { template: string; params: { name: string; value: string }[] } {
  const params: { name: string; value: string }[] = [];
  const segs = path.split('/').map((seg) => {
    let v = seg;
    try {
      v = decodeURIComponent(seg);
    } catch {}
    if (/^\d+$/.test(v) || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) || /^[0-9a-f]{24,}$/i.test(v)) {
      const name = params.length === 0 ? 'id' : `id${params.length + 1}`;
      params.push({ name, value: v });
      return `{${name}}`;
    }
    return seg;
  });
  return { template: segs.join('/') || '/', params };
}
