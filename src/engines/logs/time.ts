/** Hand-written timestamp parsers: the common formats of access logs, without `Date.parse` per line. */

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** Earliest and latest plausible log times; anything outside is an absurd timestamp. */
export const MIN_TIME = Date.UTC(1995, 0, 1);
export const MAX_TIME = Date.UTC(2100, 0, 1);

function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return NaN;
  return a * 10 + b;
}

function d4(s: string, i: number): number {
  return d2(s, i) * 100 + d2(s, i + 2);
}

/** The last day and zone seen ('\u0000' matches no time). */
let lastDay = '\u0000';
let lastZone = '';
let lastDayBase = 0;

/** True when `s` has the same day (first 11 characters) and zone (from character 20 on) as the last one seen. */
function sameDay(s: string): boolean {
  // native comparisons: far cheaper than a character loop over a slice of the line
  return s.length === lastDay.length + 9 + lastZone.length && s.startsWith(lastDay) && s.endsWith(lastZone);
}

/** `10/Oct/2000:13:55:36 -0700` → epoch ms, NaN when malformed. */
export function parseClfTime(s: string): number {
  if (s.length < 20 || s.charCodeAt(2) !== 47 || s.charCodeAt(6) !== 47 || s.charCodeAt(11) !== 58) return NaN;
  let base: number;
  if (sameDay(s)) base = lastDayBase;
  else {
    const tz = s.length >= 26 ? s.slice(21, 26) : '+0000';
    const month = MONTHS[s.slice(3, 6)];
    const day = d2(s, 0);
    const year = d4(s, 7);
    if (month === undefined || Number.isNaN(day) || Number.isNaN(year)) return NaN;
    const sign = tz.charCodeAt(0) === 45 ? -1 : 1;
    const off = sign * (d2(tz, 1) * 60 + d2(tz, 3));
    if (Number.isNaN(off)) return NaN;
    base = Date.UTC(year, month, day) - off * 60000;
    lastDay = s.slice(0, 11);
    lastZone = s.slice(20);
    lastDayBase = base;
  }
  const h = d2(s, 12);
  const m = d2(s, 15);
  const sec = d2(s, 18);
  if (Number.isNaN(h + m + sec) || h > 23 || m > 59 || sec > 60) return NaN;
  return base + (h * 3600 + m * 60 + sec) * 1000;
}

/**
 * `parseClfTime(line.slice(start, end))`, without cutting the slice when the day and zone are the
 * last ones seen (nearly every line of a log).
 */
export function parseClfTimeIn(line: string, start: number, end: number): number {
  if (end - start === lastDay.length + 9 + lastZone.length && line.startsWith(lastDay, start) && line.endsWith(lastZone, end) && line.charCodeAt(start + 11) === 58) {
    const h = d2(line, start + 12);
    const m = d2(line, start + 15);
    const sec = d2(line, start + 18);
    if (Number.isNaN(h + m + sec) || h > 23 || m > 59 || sec > 60) return NaN;
    return lastDayBase + (h * 3600 + m * 60 + sec) * 1000;
  }
  return parseClfTime(line.slice(start, end));
}

/** The day and zone bytes of the last time read by {@link parseClfTimeAt} (-1: none), and its day's base. */
let atDay0 = -1;
let atDay1 = -1;
let atDay2 = -1;
let atZone = -1;
let atZone4 = -1;
let atDayBase = 0;

function b2(b: Uint8Array, i: number): number {
  const x = b[i]! - 48;
  const y = b[i + 1]! - 48;
  if (x < 0 || x > 9 || y < 0 || y > 9) return NaN;
  return x * 10 + y;
}

/** Four bytes from `i` as one integer (a key to compare with, not a number). */
function word(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
}

/**
 * `parseClfTimeIn(line, start - at, end - at)` for a line whose characters are the bytes of `b`
 * from `at` on (ASCII), read from the bytes when the field has the usual 26-byte shape
 * (`10/Oct/2000:13:55:36 -0700`): the day and zone are compared as four integers with the last
 * ones, instead of comparing and cutting strings. Other shapes are left to `parseClfTimeIn`.
 */
export function parseClfTimeAt(b: Uint8Array, start: number, end: number, line: string, at: number): number {
  if (end - start !== 26 || b[start + 20] !== 32) return parseClfTimeIn(line, start - at, end - at);
  const d0 = word(b, start);
  const d1 = word(b, start + 4);
  const d2w = word(b, start + 8);
  const z = word(b, start + 21);
  const z4 = b[start + 25]!;
  let base: number;
  if (d0 === atDay0 && d1 === atDay1 && d2w === atDay2 && z === atZone && z4 === atZone4) base = atDayBase;
  else {
    // what parseClfTime reads of these characters (the zone is characters 21-25)
    if (b[start + 2] !== 47 || b[start + 6] !== 47 || b[start + 11] !== 58) return NaN;
    const month = MONTHS[String.fromCharCode(b[start + 3]!, b[start + 4]!, b[start + 5]!)];
    const day = b2(b, start);
    const year = b2(b, start + 7) * 100 + b2(b, start + 9);
    if (month === undefined || Number.isNaN(day) || Number.isNaN(year)) return NaN;
    const sign = b[start + 21] === 45 ? -1 : 1;
    const off = sign * (b2(b, start + 22) * 60 + b2(b, start + 24));
    if (Number.isNaN(off)) return NaN;
    base = Date.UTC(year, month, day) - off * 60000;
    atDay0 = d0;
    atDay1 = d1;
    atDay2 = d2w;
    atZone = z;
    atZone4 = z4;
    atDayBase = base;
  }
  const h = b2(b, start + 12);
  const m = b2(b, start + 15);
  const sec = b2(b, start + 18);
  if (Number.isNaN(h + m + sec) || h > 23 || m > 59 || sec > 60) return NaN;
  return base + (h * 3600 + m * 60 + sec) * 1000;
}

/** ISO 8601 (`2026-11-28T09:10:50.123Z`, `+01:00` offsets, space separator) → epoch ms, NaN when malformed. */
export function parseIsoTime(s: string): number {
  if (s.length < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const year = d4(s, 0);
  const month = d2(s, 5);
  const day = d2(s, 8);
  const h = d2(s, 11);
  const m = d2(s, 14);
  const sec = d2(s, 17);
  if (Number.isNaN(year + month + day + h + m + sec) || month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || m > 59 || sec > 60) return NaN;
  let ms = 0;
  let i = 19;
  if (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44) {
    i++;
    let scale = 100;
    while (i < s.length) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      ms += c * scale;
      scale /= 10;
      i++;
    }
    ms = Math.floor(ms);
  }
  let off = 0;
  if (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 43 || c === 45) {
      const oh = d2(s, i + 1);
      const om = s.charCodeAt(i + 3) === 58 ? d2(s, i + 4) : d2(s, i + 3);
      if (Number.isNaN(oh + om)) return NaN;
      off = (c === 45 ? -1 : 1) * (oh * 60 + om);
    } else if (c !== 90 && c !== 122) return NaN;
  }
  return Date.UTC(year, month - 1, day, h, m, sec, ms) - off * 60000;
}

/** A time field of any usual shape: ISO, CLF, epoch seconds, milliseconds or nanoseconds. */
export function parseAnyTime(v: unknown): number {
  if (typeof v === 'number') return epochToMs(v);
  if (typeof v !== 'string' || v.length === 0) return NaN;
  const c = v.charCodeAt(0);
  if (v.length >= 19 && v.charCodeAt(4) === 45) return parseIsoTime(v);
  if (v.length >= 20 && v.charCodeAt(2) === 47) return parseClfTime(v);
  if (c >= 48 && c <= 57) {
    const n = Number(v);
    if (Number.isFinite(n)) return epochToMs(n);
  }
  return NaN;
}

function epochToMs(n: number): number {
  if (n > 1e17) return Math.floor(n / 1e6); // nanoseconds
  if (n > 1e14) return Math.floor(n / 1e3); // microseconds
  if (n > 1e11) return Math.floor(n); // milliseconds
  return Math.floor(n * 1000); // seconds
}

/** True when a time is within the plausible range. */
export function isPlausibleTime(t: number): boolean {
  return t >= MIN_TIME && t < MAX_TIME;
}
