import { makeRecord } from '../types.js';
import type { ParseResult } from '../types.js';
import { isPlausibleTime, parseClfTime } from '../time.js';

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

function parseIntField(s: string): number {
  if (s.length === 0 || s.length > 12) return NaN;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

function unescape(s: string): string {
  return s.indexOf('\\') < 0 ? s : s.replace(/\\x([0-9a-fA-F]{2})|\\(.)/g, (_m, hex: string | undefined, ch: string | undefined) => (hex ? String.fromCharCode(parseInt(hex, 16)) : ch!));
}

/**
 * Common and Combined Log Format (Apache `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"`,
 * nginx `combined`), scanned by hand. After the user agent, a number is read as nginx's
 * `$request_time` (seconds) and a quoted `Bearer …`/`Basic …` field as the Authorization header.
 */
export function parseClfLine(line: string): ParseResult {
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
  const time = parseClfTime(line.slice(s3 + 2, tEnd));
  if (Number.isNaN(time)) return 'unreadable time';
  if (!isPlausibleTime(time)) return 'absurd time';
  if (line.charCodeAt(tEnd + 1) !== 32 || line.charCodeAt(tEnd + 2) !== 34) return 'no "request" field';
  const rEnd = closingQuote(line, tEnd + 3);
  if (rEnd < 0) return 'unterminated "request" field';
  const request = line.slice(tEnd + 3, rEnd);
  const m1 = request.indexOf(' ');
  if (m1 <= 0) return 'request without method and path';
  const method = request.slice(0, m1);
  const m2 = request.indexOf(' ', m1 + 1);
  const target = m2 < 0 ? request.slice(m1 + 1) : request.slice(m1 + 1, m2);
  if (target.length === 0) return 'request without path';
  const sStart = rEnd + 2;
  const sEnd = line.indexOf(' ', sStart);
  const status = parseIntField(sEnd < 0 ? line.slice(sStart) : line.slice(sStart, sEnd));
  if (Number.isNaN(status) || status < 100 || status > 999) return 'no status';
  let bytes = 0;
  let rest = -1;
  if (sEnd >= 0) {
    const bEnd = line.indexOf(' ', sEnd + 1);
    const b = bEnd < 0 ? line.slice(sEnd + 1) : line.slice(sEnd + 1, bEnd);
    bytes = b === '-' ? 0 : parseIntField(b);
    if (Number.isNaN(bytes)) return 'no byte count';
    rest = bEnd;
  }
  let ua = '';
  let latencyMs = -1;
  let credential = '';
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
        const v = line.slice(p + 1, q);
        if (field === 1) ua = unescape(v);
        else if (field >= 2 && /^(bearer|basic|token|apikey)\s/i.test(v)) credential = v;
        field++;
        p = q + 1;
      } else {
        let e = line.indexOf(' ', p);
        if (e < 0) e = line.length;
        const v = line.slice(p, e);
        if (field >= 2 && latencyMs < 0) {
          const n = Number(v.startsWith('rt=') ? v.slice(3) : v);
          if (Number.isFinite(n) && n >= 0) latencyMs = Math.round(n * 1000);
        }
        field++;
        p = e;
      }
    }
  }
  const qi = target.indexOf('?');
  return makeRecord(time, line.slice(0, s1), method, qi < 0 ? target : target.slice(0, qi), qi < 0 ? '' : target.slice(qi + 1), status, bytes, ua, latencyMs, user === '-' ? '' : user, credential, '');
}
