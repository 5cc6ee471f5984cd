// Expands the `sample` templates of rules.ts into synthetic tokens for the rule table test.
// Deterministic (seeded), so a failing row can be reproduced.
import { crc32Base62Tail } from '../checksum.js';
import { seededRandom } from '../../../core/random.js';

export { seededRandom };

const CHARSETS: Record<string, string> = {
  a: 'abcdefghijklmnopqrstuvwxyz',
  A: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  9: '0123456789',
  an: 'abcdefghijklmnopqrstuvwxyz0123456789',
  AN: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  aA: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  b62: '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  x: '0123456789abcdef',
  X: '0123456789ABCDEF',
  b64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  b64u: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-',
  b32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  l32: 'abcdefghijklmnopqrstuvwxyz234567',
  bech: 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L',
};


export function randomString(rand: () => number, charset: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += charset[Math.floor(rand() * charset.length)]!;
  return s;
}

function b64url(s: string): string {
  return Buffer.from(s).toString('base64url');
}

/**
 * Expand a template. With `negative`, every random segment is cut to a third of its length (and
 * checksums and UUIDs are spoiled), which no rule's pattern should accept.
 */
export function expandSample(template: string, rand: () => number, negative = false): string {
  let lastSegment = '';
  return template.replace(/\{(\w+)(?::(\d+))?\}/g, (whole, cs: string, len: string | undefined) => {
    if (cs === 'uuid') {
      const h = CHARSETS.x!;
      const u = [8, 4, 4, 4, 12].map((k) => randomString(rand, h, negative ? Math.max(1, Math.floor(k / 3)) : k)).join('-');
      lastSegment = u;
      return u;
    }
    if (cs === 'crc') return negative ? '' : crc32Base62Tail(lastSegment);
    if (cs === 'jwt') {
      const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
      const payload = b64url(JSON.stringify({ sub: randomString(rand, CHARSETS.an!, 12), iat: 1700000000 }));
      const sig = randomString(rand, CHARSETS.b64u!, negative ? 6 : 43);
      return negative ? `${header.slice(0, 6)}.${payload.slice(0, 6)}.${sig}` : `${header}.${payload}.${sig}`;
    }
    const charset = CHARSETS[cs];
    if (!charset || len === undefined) return whole;
    const n = Number(len);
    const seg = randomString(rand, charset, negative ? Math.max(1, Math.floor(n / 3)) : n);
    lastSegment = seg;
    return seg;
  });
}
