import { makeRecord } from '../types.js';
import type { ParseResult } from '../types.js';
import { isPlausibleTime, parseClfTimeAt, parseClfTimeIn } from '../time.js';

/** The closing quote of a quoted field starting after `from`, skipping `\"` escapes; -1 when none. */
function closingQuote(line: string, from: number): number {
  let i = line.indexOf('"', from);
  while (i > 0 && line.charCodeAt(i - 1) === 92) {
    // count the backslashes: an even number means the quote is not escaped
    let n = 0;
    for (let j = i - 1; j >= from && line.charCodeAt(j) === 92; j--) n++;
    if (n % 2 === 0) break;
    i = line.indexOf('"', i + 1);
  }
  return i;
}

/** The decimal number in `line` from `start` to `end`, NaN when empty, too long or not digits. */
function intAt(line: string, start: number, end: number): number {
  if (end <= start || end - start > 12) return NaN;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/** Seconds as nginx logs them (`0.125`) from `start` to `end`, in milliseconds; -1 when another shape. */
function secondsAt(line: string, start: number, end: number): number {
  if (end - start > 15) return -1;
  let n = 0;
  let scale = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c === 46 && scale === 0) scale = 1;
    else if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (scale > 0) scale *= 10;
    } else return -1;
  }
  if (digits === 0) return -1;
  return Math.round((n / (scale || 1)) * 1000);
}

/** The usual methods, each one string (cut from no line). */
const GET = 'GET';
const POST = 'POST';
const PUT = 'PUT';
const DELETE = 'DELETE';
const PATCH = 'PATCH';

/** The method from `start` to `end` of `line`, whose characters are the bytes of `b` from `at` on: the usual ones without cutting them. */
function methodAt(b: Uint8Array, start: number, end: number, line: string, at: number): string {
  const n = end - start;
  const c = b[start]!;
  if (n === 3) {
    if (c === 71 && b[start + 1] === 69 && b[start + 2] === 84) return GET;
    if (c === 80 && b[start + 1] === 85 && b[start + 2] === 84) return PUT;
  } else if (n === 4) {
    if (c === 80 && b[start + 1] === 79 && b[start + 2] === 83 && b[start + 3] === 84) return POST;
  } else if (n === 5) {
    if (c === 80 && b[start + 1] === 65 && b[start + 2] === 84 && b[start + 3] === 67 && b[start + 4] === 72) return PATCH;
  } else if (n === 6) {
    if (c === 68 && b[start + 1] === 69 && b[start + 2] === 76 && b[start + 3] === 69 && b[start + 4] === 84 && b[start + 5] === 69) return DELETE;
  }
  return line.slice(start - at, end - at);
}

/** True when a quoted value starts like an Authorization header (`Bearer …`, `Basic …`, `Token …`, `ApiKey …`). */
function isCredential(v: string): boolean {
  const c = v.charCodeAt(0) | 32;
  if (c !== 98 && c !== 116 && c !== 97) return false;
  // the usual spellings without the regular expression (they match it)
  return v.startsWith('Bearer ') || v.startsWith('Basic ') || /^(bearer|basic|token|apikey)\s/i.test(v);
}

/** `isCredential(line.slice(start, end))` without the slice for the usual schemes (`end - start >= 6`). */
function isCredentialAt(line: string, start: number, end: number): boolean {
  const c = line.charCodeAt(start) | 32;
  if (c !== 98 && c !== 116 && c !== 97) return false;
  // the closing quote at `end` is neither a letter nor a space, so these do not read past the field
  return line.startsWith('Bearer ', start) || line.startsWith('Basic ', start) || /^(bearer|basic|token|apikey)\s/i.test(line.slice(start, end));
}

/** A quoted field's value with its `\x..` and `\c` escapes read. */
export function unescape(s: string): string {
  return s.indexOf('\\') < 0 ? s : s.replace(/\\x([0-9a-fA-F]{2})|\\(.)/g, (_m, hex: string | undefined, ch: string | undefined) => (hex ? String.fromCharCode(parseInt(hex, 16)) : ch!));
}

/** Where the fields of a parsed line are in it (see `parseClfLine`'s `at`): start and end of each, -1 when absent. */
export const AT_IP_END = 0;
export const AT_PATH = 1;
export const AT_PATH_END = 2;
export const AT_UA = 3;
export const AT_UA_END = 4;
export const AT_CREDENTIAL = 5;
export const AT_CREDENTIAL_END = 6;
export const AT_SIZE = 7;

/** Bytes of `b` from `from` up to `end` until the first `c`; -1 when none. */
function byteAt(b: Uint8Array, c: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (b[i] === c) return i;
  return -1;
}

/** `intAt` on the bytes of a line (the byte reader's copy: a shared character accessor would cost a call per character). */
function intIn(b: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 12) return NaN;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = b[i]! - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/** `secondsAt` on the bytes of a line. */
function secondsIn(b: Uint8Array, start: number, end: number): number {
  if (end - start > 15) return -1;
  let n = 0;
  let scale = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c === 46 && scale === 0) scale = 1;
    else if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (scale > 0) scale *= 10;
    } else return -1;
  }
  if (digits === 0) return -1;
  return Math.round((n / (scale || 1)) * 1000);
}

/**
 * `parseClfLine(line, at, true)` for a line whose characters are the bytes of `b` from `o` on,
 * reading the short fields (address, user, method, path, status, size, request time) byte by byte
 * instead of a native search per field; the long quoted ones are still searched in the string.
 * Returns undefined, leaving the line to the string reader, on anything it does not read the
 * same way for sure: a malformed line, a quoted user, an escaped quote, a request time in another
 * shape. Relative places in `at`, as `parseClfLine` leaves them.
 */
function parseClfBytes(line: string, at: Int32Array, b: Uint8Array, o: number): ParseResult | undefined {
  const e = o + line.length;
  const p1 = byteAt(b, 32, o, e);
  if (p1 <= o) return undefined;
  const p2 = byteAt(b, 32, p1 + 1, e);
  if (p2 < 0 || b[p2 + 1] === 34) return undefined;
  const p3 = byteAt(b, 32, p2 + 1, e);
  if (p3 < 0 || b[p3 + 1] !== 91) return undefined;
  const te = byteAt(b, 93, p3 + 2, e);
  if (te < 0) return undefined;
  const time = parseClfTimeAt(b, p3 + 2, te, line, o);
  if (!isPlausibleTime(time)) return undefined;
  if (b[te + 1] !== 32 || b[te + 2] !== 34) return undefined;
  const rs = te + 3;
  // the method ends at the first space; a quote before it ends the request without one
  let m1 = rs;
  while (m1 < e && b[m1] !== 32 && b[m1] !== 34) m1++;
  if (m1 >= e || b[m1] !== 32 || m1 === rs) return undefined;
  // the path ends at the next space or at the closing quote; the query starts at its first '?'
  let m2 = m1 + 1;
  let qi = -1;
  for (; m2 < e; m2++) {
    const c = b[m2]!;
    if (c === 32 || c === 34) break;
    if (c === 63 && qi < 0) qi = m2;
  }
  if (m2 >= e || m2 === m1 + 1) return undefined;
  const re = b[m2] === 34 ? m2 : byteAt(b, 34, m2 + 1, e);
  if (re < 0 || b[re - 1] === 92) return undefined;
  const ss = re + 2;
  const se = byteAt(b, 32, ss, e);
  const status = intIn(b, ss, se < 0 ? e : se);
  if (Number.isNaN(status) || status < 100 || status > 999) return undefined;
  let size = 0;
  let rest = -1;
  if (se >= 0) {
    const bEnd = byteAt(b, 32, se + 1, e);
    const be = bEnd < 0 ? e : bEnd;
    size = be === se + 2 && b[se + 1] === 45 ? 0 : intIn(b, se + 1, be);
    if (Number.isNaN(size)) return undefined;
    rest = bEnd;
  }
  let latencyMs = -1;
  let uaStart = -1;
  let uaEnd = -1;
  let credStart = -1;
  let credEnd = -1;
  if (rest >= 0) {
    let p = rest + 1 - o;
    const n = line.length;
    let field = 0;
    while (p < n) {
      const c = b[o + p]!;
      if (c === 32) {
        p++;
        continue;
      }
      if (c === 34) {
        const q = line.indexOf('"', p + 1);
        if (q < 0 || line.charCodeAt(q - 1) === 92) return undefined;
        if (field === 1) {
          uaStart = p + 1;
          uaEnd = q;
        } else if (field >= 2 && q - p > 6 && isCredentialAt(line, p + 1, q)) {
          credStart = p + 1;
          credEnd = q;
        }
        field++;
        p = q + 1;
      } else {
        let q = byteAt(b, 32, o + p, e) - o;
        if (q < 0) q = n;
        if (field >= 2 && latencyMs < 0) {
          latencyMs = secondsIn(b, o + p, o + q);
          if (latencyMs < 0) return undefined;
        }
        field++;
        p = q;
      }
    }
  }
  const pathEnd = qi < 0 ? m2 : qi;
  at[AT_IP_END] = p1 - o;
  at[AT_PATH] = m1 + 1 - o;
  at[AT_PATH_END] = pathEnd - o;
  at[AT_UA] = uaStart;
  at[AT_UA_END] = uaEnd;
  at[AT_CREDENTIAL] = credStart;
  at[AT_CREDENTIAL_END] = credEnd;
  const user = p3 === p2 + 2 && b[p2 + 1] === 45 ? '' : line.slice(p2 + 1 - o, p3 - o);
  const query = qi < 0 ? '' : line.slice(qi + 1 - o, m2 - o);
  return makeRecord(time, '', methodAt(b, rs, m1, line, o), line.slice(m1 + 1 - o, pathEnd - o), query, status, size, '', latencyMs, user, '', '');
}

/**
 * Common and Combined Log Format (Apache `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"`,
 * nginx `combined`), scanned by hand. After the user agent, a number is read as nginx's
 * `$request_time` (seconds) and a quoted `Bearer …`/`Basic …` field as the Authorization header.
 * With `at`, a parsed line also leaves there where its address, path, user agent (before
 * unescaping) and credential are (`AT_*`), so a caller with the line's bytes can look them up in place;
 * with `lazy` as well, the record's address, user agent and credential are left '' for that caller
 * to fill (the user agent is `unescape` of its field). With `block` as well, the line's characters
 * are the bytes of `block` from `base` on (an ASCII line still in its block, in a parse worker): the
 * line is read from its bytes (`parseClfBytes`), and by the string reader below only when that one
 * declines it. Either way the same record and places.
 */
export function parseClfLine(line: string, at?: Int32Array, lazy = false, block?: Uint8Array, base = 0): ParseResult {
  if (block !== undefined && lazy && at !== undefined) {
    const r = parseClfBytes(line, at, block, base);
    if (r !== undefined) return r;
  }
  const s1 = line.indexOf(' ');
  if (s1 <= 0) return 'no fields';
  const s2 = line.indexOf(' ', s1 + 1);
  if (s2 < 0) return 'no ident field';
  let s3: number;
  let user: string;
  if (line.charCodeAt(s2 + 1) === 34) {
    const q = closingQuote(line, s2 + 2);
    if (q < 0) return 'unterminated user field';
    user = line.slice(s2 + 2, q);
    s3 = q + 1;
  } else {
    s3 = line.indexOf(' ', s2 + 1);
    if (s3 < 0) return 'no user field';
    user = line.slice(s2 + 1, s3);
  }
  if (line.charCodeAt(s3 + 1) !== 91) return 'no [time] field';
  const tEnd = line.indexOf(']', s3 + 2);
  if (tEnd < 0) return 'unterminated [time] field';
  const time = parseClfTimeIn(line, s3 + 2, tEnd);
  if (Number.isNaN(time)) return 'unreadable time';
  if (!isPlausibleTime(time)) return 'absurd time';
  if (line.charCodeAt(tEnd + 1) !== 32 || line.charCodeAt(tEnd + 2) !== 34) return 'no "request" field';
  const rEnd = closingQuote(line, tEnd + 3);
  if (rEnd < 0) return 'unterminated "request" field';
  const rStart = tEnd + 3;
  let m1 = line.indexOf(' ', rStart);
  if (m1 >= rEnd) m1 = -1;
  if (m1 <= rStart) return 'request without method and path';
  const method = line.slice(rStart, m1);
  let m2 = line.indexOf(' ', m1 + 1);
  if (m2 < 0 || m2 > rEnd) m2 = rEnd;
  if (m2 === m1 + 1) return 'request without path';
  const sStart = rEnd + 2;
  const sEnd = line.indexOf(' ', sStart);
  const status = intAt(line, sStart, sEnd < 0 ? line.length : sEnd);
  if (Number.isNaN(status) || status < 100 || status > 999) return 'no status';
  let bytes = 0;
  let rest = -1;
  if (sEnd >= 0) {
    const bEnd = line.indexOf(' ', sEnd + 1);
    const be = bEnd < 0 ? line.length : bEnd;
    bytes = be === sEnd + 2 && line.charCodeAt(sEnd + 1) === 45 ? 0 : intAt(line, sEnd + 1, be);
    if (Number.isNaN(bytes)) return 'no byte count';
    rest = bEnd;
  }
  let ua = '';
  let latencyMs = -1;
  let credential = '';
  let uaStart = -1;
  let uaEnd = -1;
  let credStart = -1;
  let credEnd = -1;
  if (rest >= 0) {
    // combined: "referer" "user-agent", then optional extras
    let p = rest + 1;
    let field = 0;
    while (p < line.length) {
      const c = line.charCodeAt(p);
      if (c === 32) {
        p++;
        continue;
      }
      if (c === 34) {
        const q = closingQuote(line, p + 1);
        if (q < 0) return 'unterminated quoted field';
        if (field === 1) {
          if (!lazy) ua = unescape(line.slice(p + 1, q));
          uaStart = p + 1;
          uaEnd = q;
        } else if (field >= 2 && q - p > 6) {
          if (lazy) {
            if (isCredentialAt(line, p + 1, q)) {
              credStart = p + 1;
              credEnd = q;
            }
          } else {
            const v = line.slice(p + 1, q);
            if (isCredential(v)) {
              credential = v;
              credStart = p + 1;
              credEnd = q;
            }
          }
        }
        field++;
        p = q + 1;
      } else {
        let e = line.indexOf(' ', p);
        if (e < 0) e = line.length;
        if (field >= 2 && latencyMs < 0) {
          const ms = secondsAt(line, p, e);
          if (ms >= 0) latencyMs = ms;
          else {
            const v = line.slice(p, e);
            const n = Number(v.startsWith('rt=') ? v.slice(3) : v);
            if (Number.isFinite(n) && n >= 0) latencyMs = Math.round(n * 1000);
          }
        }
        field++;
        p = e;
      }
    }
  }
  const tStart = m1 + 1;
  let qi = line.indexOf('?', tStart);
  if (qi >= m2) qi = -1;
  const path = line.slice(tStart, qi < 0 ? m2 : qi);
  const query = qi < 0 ? '' : line.slice(qi + 1, m2);
  if (at) {
    at[AT_IP_END] = s1;
    at[AT_PATH] = tStart;
    at[AT_PATH_END] = qi < 0 ? m2 : qi;
    at[AT_UA] = uaStart;
    at[AT_UA_END] = uaEnd;
    at[AT_CREDENTIAL] = credStart;
    at[AT_CREDENTIAL_END] = credEnd;
  }
  return makeRecord(time, lazy ? '' : line.slice(0, s1), method, path, query, status, bytes, ua, latencyMs, user === '-' ? '' : user, credential, '');
}
