// Response comparison for the authorization checks: pure functions over response bodies.
// Bodies are flattened to `path -> scalar` pairs; fields that vary by themselves between two
// identical requests (timestamps, request ids, nonces) are learned and left out, so they neither
// cause nor hide a finding.

/** Flatten a JSON value into `a.b[0].c -> scalar` pairs (arrays of objects keep their index). */
export function flatten(value: unknown, prefix = '', out: Map<string, string> = new Map(), depth = 0): Map<string, string> {
  if (depth > 12 || out.size > 5000) return out;
  if (value === null || typeof value !== 'object') {
    out.set(prefix || '$', JSON.stringify(value) ?? 'undefined');
    return out;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix || '$', '[]');
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out, depth + 1));
    return out;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) out.set(prefix || '$', '{}');
  for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out, depth + 1);
  return out;
}

/** Parse a body as JSON, or undefined. */
export function parseJson(body: string): unknown {
  const t = body.trim();
  if (!t || (t[0] !== '{' && t[0] !== '[')) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

/** The flattened paths whose values differ between two responses to the same request. */
export function volatilePaths(a: string, b: string): Set<string> {
  const fa = flatten(parseJson(a) ?? a);
  const fb = flatten(parseJson(b) ?? b);
  const out = new Set<string>();
  for (const [k, v] of fa) if (fb.get(k) !== v) out.add(k);
  for (const k of fb.keys()) if (!fa.has(k)) out.add(k);
  return out;
}

/**
 * Similarity of two bodies in [0, 1]: the share of (path, value) pairs they have in common, volatile
 * paths left out. Non-JSON bodies compare by normalised text.
 */
export function similarity(a: string, b: string, volatile: ReadonlySet<string> = new Set()): number {
  const ja = parseJson(a);
  const jb = parseJson(b);
  if (ja === undefined || jb === undefined) {
    const na = a.replace(/\s+/g, ' ').trim();
    const nb = b.replace(/\s+/g, ' ').trim();
    if (na === nb) return 1;
    return na.length === 0 || nb.length === 0 ? 0 : 0;
  }
  const fa = flatten(ja);
  const fb = flatten(jb);
  let shared = 0;
  let total = 0;
  const keys = new Set([...fa.keys(), ...fb.keys()]);
  for (const k of keys) {
    if (volatile.has(k)) continue;
    total++;
    if (fa.has(k) && fa.get(k) === fb.get(k)) shared++;
  }
  return total === 0 ? 1 : shared / total;
}

/** The set of flattened paths (the shape), ignoring array indices past the first. */
export function shapeOf(body: string): Set<string> {
  const j = parseJson(body);
  if (j === undefined) return new Set();
  return new Set([...flatten(j).keys()].map((k) => k.replace(/\[\d+\]/g, '[]')));
}

/** Jaccard overlap of two bodies' shapes: "the same kind of data". */
export function shapeSimilarity(a: string, b: string): number {
  const sa = shapeOf(a);
  const sb = shapeOf(b);
  if (sa.size === 0 && sb.size === 0) return a.trim() === b.trim() ? 1 : 0;
  let inter = 0;
  for (const k of sa) if (sb.has(k)) inter++;
  return inter / (sa.size + sb.size - inter || 1);
}

const ERROR_WORDS = /\b(error|unauthori[sz]ed|forbidden|denied|not allowed|login required|log in|sign in|invalid token|not authenticated|permission)\b/i;

/** A body that says "no" even when the status is 200 (`{"error": "unauthorized"}`). */
export function looksLikeRefusal(status: number, body: string): boolean {
  if (status === 401 || status === 403 || status === 404 || status === 405) return true;
  if (status < 200 || status >= 300) return true;
  const j = parseJson(body);
  if (j && typeof j === 'object' && !Array.isArray(j)) {
    const o = j as Record<string, unknown>;
    const keys = Object.keys(o);
    if ((('error' in o && o.error) || ('errors' in o && o.errors)) && keys.length <= 4) return true;
    if (o.success === false || o.ok === false) return true;
  }
  if (j === undefined && ERROR_WORDS.test(body.slice(0, 500)) && body.length < 2000) return true;
  return false;
}

/** A successful answer with content: 2xx, not a refusal in disguise, and not empty. */
export function isSuccessWithData(status: number, body: string): boolean {
  if (status < 200 || status >= 300) return false;
  if (looksLikeRefusal(status, body)) return false;
  const t = body.trim();
  return t.length > 0 && t !== '{}' && t !== '[]' && t !== 'null';
}

const OWNER_KEYS = /^(owner_?id|user_?id|author_?id|created_?by|account_?id|customer_?id|owner|user|uid|profile_?id|member_?id)$/i;

/** Values of owner-like fields anywhere in a body (`ownerId: 7` → `['7']`). */
export function ownerValues(body: string): string[] {
  const j = parseJson(body);
  if (j === undefined) return [];
  const out: string[] = [];
  for (const [k, v] of flatten(j)) {
    const last = k.split('.').pop()!.replace(/\[\d+\]$/, '');
    if (OWNER_KEYS.test(last)) out.push(v.replace(/^"|"$/g, ''));
  }
  return out;
}

/** The `id` (or `uuid`, `_id`, `<x>Id` at top level) of an object body, as a string. */
export function objectId(body: string | unknown): string | undefined {
  const j = typeof body === 'string' ? parseJson(body) : body;
  if (!j || typeof j !== 'object' || Array.isArray(j)) return undefined;
  const o = j as Record<string, unknown>;
  for (const k of ['id', 'uuid', '_id', 'ID', 'Id', 'key', 'slug']) {
    const v = o[k];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  for (const key of ['data', 'item', 'result', 'object']) {
    if (o[key] && typeof o[key] === 'object') return objectId(o[key]);
  }
  return undefined;
}

/** Ids of the objects of a listing body (top-level array, or the first array under data/items/results). */
export function listingIds(body: string): string[] {
  const j = parseJson(body);
  let arr: unknown[] | undefined;
  if (Array.isArray(j)) arr = j;
  else if (j && typeof j === 'object') {
    for (const v of Object.values(j as Record<string, unknown>)) if (Array.isArray(v)) { arr = v; break; }
  }
  return (arr ?? []).map((x) => objectId(x)).filter((x): x is string => x !== undefined);
}
