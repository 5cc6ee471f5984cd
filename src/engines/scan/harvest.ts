/**
 * Identifiers seen in responses (ids, uuids, slugs), kept to fill path parameters of later
 * requests (producer -> consumer). Pure data structure.
 */

export interface Harvested {
  /** The JSON key the value was found under (`id`, `userId`, `slug`). */
  readonly key: string;
  readonly value: string;
  /** The last static path segment of the producing operation (`users` for `/users/{id}`). */
  readonly resource: string;
}

const ID_KEY = /^(id|uuid|guid|slug|key|code|handle|username)$|(Id|_id|ID|Uuid|_uuid|Slug|_slug)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The resource name a path template is about: the static segment before its last parameter, or its last static one. */
export function resourceOf(path: string, param?: string): string {
  const segs = path.split('/').filter(Boolean);
  const idx = param ? segs.findIndex((s) => s === `{${param}}`) : -1;
  const before = idx > 0 ? segs.slice(0, idx) : segs;
  for (let i = before.length - 1; i >= 0; i--) if (!before[i]!.startsWith('{')) return singular(before[i]!.toLowerCase());
  return '';
}

function singular(s: string): string {
  if (s.endsWith('ies')) return `${s.slice(0, -3)}y`;
  if (s.endsWith('ses')) return s.slice(0, -2);
  if (s.endsWith('s') && !s.endsWith('ss')) return s.slice(0, -1);
  return s;
}

/** Identifiers in a JSON body. */
export function extractIds(body: string, resource: string, max = 200): Harvested[] {
  const t = body.trimStart();
  if (!(t.startsWith('{') || t.startsWith('['))) return [];
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return [];
  }
  const out: Harvested[] = [];
  const walk = (x: unknown, parentKey: string, depth: number) => {
    if (out.length >= max || depth > 6) return;
    if (Array.isArray(x)) {
      for (const item of x.slice(0, 50)) walk(item, parentKey, depth + 1);
      return;
    }
    if (x === null || typeof x !== 'object') return;
    for (const [k, val] of Object.entries(x as Record<string, unknown>)) {
      if ((typeof val === 'string' || typeof val === 'number') && String(val).length > 0 && String(val).length <= 80) {
        const s = String(val);
        if (ID_KEY.test(k) || (typeof val === 'string' && UUID.test(val))) {
          // an `id` inside a nested object belongs to that object, named by its key
          const res = parentKey && k === 'id' ? singular(parentKey.toLowerCase()) : resource;
          out.push({ key: k, value: s, resource: res });
        }
      } else if (val && typeof val === 'object') walk(val, k, depth + 1);
    }
  };
  walk(v, '', 0);
  return out;
}

export class HarvestStore {
  private readonly items: Harvested[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly max = 2000) {}

  add(items: readonly Harvested[]): void {
    for (const h of items) {
      const k = `${h.key}\u0000${h.value}\u0000${h.resource}`;
      if (this.seen.has(k)) continue;
      this.seen.add(k);
      this.items.unshift(h);
      if (this.items.length > this.max) {
        const old = this.items.pop()!;
        this.seen.delete(`${old.key}\u0000${old.value}\u0000${old.resource}`);
      }
    }
  }

  values(): string[] {
    return [...new Set(this.items.map((h) => h.value))];
  }

  /**
   * A value for path parameter `param` of `path`: the same key from the same resource first, then
   * `id` of that resource (`strong`); else the same key from anywhere (`weak`).
   */
  match(path: string, param: string): { value: string; strong: boolean } | undefined {
    const res = resourceOf(path, param);
    const p = param.toLowerCase();
    const byKey = (h: Harvested) => h.key.toLowerCase() === p;
    const resFromParam = p.replace(/_?id$/, '');
    const strong =
      this.items.find((h) => byKey(h) && h.resource === res) ??
      this.items.find((h) => h.key === 'id' && h.resource === res && /id$/i.test(param)) ??
      this.items.find((h) => h.key === 'id' && resFromParam.length > 1 && h.resource === resFromParam) ??
      (/^(slug|name|handle|username)$/i.test(param) ? undefined : this.items.find((h) => h.resource === res && /id$/i.test(h.key) && /id$/i.test(param)));
    if (strong) return { value: strong.value, strong: true };
    const weak = this.items.find((h) => byKey(h));
    return weak ? { value: weak.value, strong: false } : undefined;
  }

  valueFor(path: string, param: string): string | undefined {
    return this.match(path, param)?.value;
  }
}
