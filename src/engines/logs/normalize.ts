/** Path templates, networks and operation classes: the "what" of a request. */

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isUuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!isHex(c)) return false;
  }
  return true;
}

/** Hex of 16+ characters with at least one digit (object ids, hashes), or 20+ mixed letters and digits. */
function isOpaqueId(s: string): boolean {
  if (s.length < 16) return false;
  let digits = 0;
  let hex = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (!isHex(c)) {
      hex = false;
      const alnum = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
      if (!alnum) return false;
    }
  }
  if (hex) return digits > 0;
  return s.length >= 20 && digits >= 3;
}

/** The template of one segment: `{id}`, `{uuid}`, `{hex}` or the segment itself. */
export function segmentTemplate(seg: string): string | undefined {
  if (isDigits(seg)) return '{id}';
  if (isUuid(seg)) return '{uuid}';
  if (isOpaqueId(seg)) return '{hex}';
  return undefined;
}

/** A path as a template plus the value of its last templated segment. */
export interface Templated {
  readonly template: string;
  readonly objectId: string;
}

/** Normalise `/orders/123/items/9f0c…` to `/orders/{id}/items/{hex}` without a regex per line. */
export function templatePath(path: string): Templated {
  let out = '';
  let objectId = '';
  let start = 0;
  let changed = false;
  const n = path.length;
  for (let i = 0; i <= n; i++) {
    if (i === n || path.charCodeAt(i) === 47) {
      if (i > start) {
        const seg = path.slice(start, i);
        const t = segmentTemplate(seg);
        if (t) {
          out += `/${t}`;
          objectId = seg;
          changed = true;
        } else out += `/${seg}`;
      } else if (i < n && i > 0) out += '/';
      start = i + 1;
    }
  }
  if (!changed) return { template: path, objectId: '' };
  if (path.endsWith('/') && !out.endsWith('/')) out += '/';
  return { template: out, objectId };
}

/** Path templates from an API description, matched segment by segment. */
export class SpecTemplates {
  private readonly bySegments = new Map<number, { parts: string[]; literal: number; template: string }[]>();

  constructor(templates: readonly string[]) {
    for (const t of templates) {
      const parts = t.split('/').filter((p) => p.length > 0);
      const literal = parts.filter((p) => !p.startsWith('{')).length;
      const list = this.bySegments.get(parts.length) ?? [];
      list.push({ parts, literal, template: t });
      this.bySegments.set(parts.length, list);
    }
    for (const list of this.bySegments.values()) list.sort((a, b) => b.literal - a.literal);
  }

  get size(): number {
    let n = 0;
    for (const l of this.bySegments.values()) n += l.length;
    return n;
  }

  /** The matching template (most literal segments first) and the last parameter's value. */
  match(path: string): Templated | undefined {
    const segs = path.split('/').filter((p) => p.length > 0);
    const list = this.bySegments.get(segs.length);
    if (!list) return undefined;
    outer: for (const c of list) {
      let objectId = '';
      for (let i = 0; i < segs.length; i++) {
        const p = c.parts[i]!;
        if (p.charCodeAt(0) === 123) objectId = segs[i]!;
        else if (p !== segs[i]) continue outer;
      }
      return { template: c.template, objectId };
    }
    return undefined;
  }
}

/** The /24 of an IPv4 address, the /64 of an IPv6 one, the address itself otherwise. */
export function networkOf(ip: string): string {
  const d = ip.lastIndexOf('.');
  if (d > 0 && ip.indexOf(':') < 0) return `${ip.slice(0, d)}.0/24`;
  if (ip.indexOf(':') >= 0) {
    const mapped = ip.lastIndexOf(':');
    if (d > mapped) return `${ip.slice(mapped + 1, d)}.0/24`; // ::ffff:1.2.3.4
    const groups = expandV6(ip);
    return groups ? `${groups.slice(0, 4).join(':')}::/64` : ip;
  }
  return ip;
}

function expandV6(ip: string): string[] | undefined {
  const dbl = ip.indexOf('::');
  let parts: string[];
  if (dbl >= 0) {
    const head = ip.slice(0, dbl).split(':').filter(Boolean);
    const tail = ip.slice(dbl + 2).split(':').filter(Boolean);
    const fill = 8 - head.length - tail.length;
    if (fill < 0) return undefined;
    parts = [...head, ...Array<string>(fill).fill('0'), ...tail];
  } else parts = ip.split(':');
  if (parts.length !== 8) return undefined;
  return parts.map((p) => (p.replace(/^0+(?=.)/, '') || '0').toLowerCase());
}

/** Default login endpoints: matched against the path template, case-insensitively. */
export const DEFAULT_LOGIN_PATTERNS = ['(^|/)(login|signin|sign-in|sign_in|logon)/?$', '(^|/)(auth|session|sessions)(/login)?/?$', '(^|/)oauth2?/token/?$', '(^|/)(auth|api)/token/?$'];

/** Default privileged operations: admin, internal and management surfaces. */
export const DEFAULT_PRIVILEGED_PATTERNS = ['(^|/)(admin|internal|manage|management|debug|actuator|superuser|sudo)(/|$)', '/(roles?|permissions?|grants?)(/|$)', '(^|/)(export|backup|dump)(/|$)'];

/** Compile patterns once (config values are validated before this). */
export function compilePatterns(patterns: readonly string[]): RegExp | undefined {
  if (patterns.length === 0) return undefined;
  return new RegExp(patterns.map((p) => `(?:${p})`).join('|'), 'i');
}
