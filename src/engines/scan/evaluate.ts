/** Pure helpers shared by scan checks: response classification and leak detectors. */
import type { HttpResponse } from '../../http/types.js';

export function header(res: Pick<HttpResponse, 'headers'>, name: string): string | undefined {
  return res.headers[name.toLowerCase()];
}

export function mediaTypeOf(res: Pick<HttpResponse, 'headers'>): string {
  return (header(res, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

export function isJsonType(mt: string): boolean {
  return mt === 'application/json' || /^application\/[\w.+-]*\+json$/.test(mt) || mt === 'text/json';
}

export function isHtml(res: Pick<HttpResponse, 'headers'>): boolean {
  return mediaTypeOf(res) === 'text/html' || mediaTypeOf(res) === 'application/xhtml+xml';
}

export function isSuccess(res: Pick<HttpResponse, 'status'>): boolean {
  return res.status >= 200 && res.status < 300;
}

/** Parse a JSON body (undefined when it is not JSON). */
export function parseJson(body: string): unknown {
  const t = body.trimStart();
  if (!(t.startsWith('{') || t.startsWith('['))) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Stack traces, SQL errors and framework debug pages: [name, pattern]. */
export const ERROR_SIGNATURES: readonly (readonly [string, RegExp])[] = [
  ['Node.js stack trace', /\n\s+at (?:[\w$.<>[\] ]+ \()?(?:file:\/\/)?\/?[\w./\\-]+\.(?:js|mjs|cjs|ts):\d+:\d+\)?/],
  ['Node.js stack trace', /\\n\s*at (?:[\w$.<>[\] ]+ \()?\/?[\w./\\-]+\.(?:js|mjs|cjs|ts):\d+:\d+/],
  ['Python traceback', /Traceback \(most recent call last\)/],
  ['Java stack trace', /\b(?:at )?(?:java|javax|org\.springframework|com\.fasterxml)\.[\w.$]+\([\w]+\.java:\d+\)/],
  ['Java exception', /Exception in thread "|\bjava\.lang\.\w+(?:Exception|Error)\b/],
  ['.NET exception', /System\.(?:NullReferenceException|InvalidOperationException|FormatException|ArgumentException)| {3}at [\w.]+\(.*\) in [A-Z]:\\.*:line \d+/],
  ['PHP error', /(?:Fatal error|Warning|Parse error|Uncaught \w+)(?::|<\/b>:) .* in (?:<b>)?\/[\w./-]+\.php(?:<\/b>)? on line (?:<b>)?\d+/],
  ['Ruby backtrace', /\/[\w./-]+\.rb:\d+:in `/],
  ['Go panic', /goroutine \d+ \[running\]:|panic: runtime error/],
  ['SQL error', /SQLSTATE\[|You have an error in your SQL syntax|ORA-\d{5}:|PG::\w+Error|psql: ERROR|SQLITE_ERROR|sqlite3\.OperationalError|syntax error at or near "|Unclosed quotation mark after the character string|org\.postgresql\.util\.PSQLException/],
  ['Django debug page', /<title>[^<]*at \/[^<]*<\/title>[\s\S]*Django Version:|You're seeing this error because you have <code>DEBUG = True<\/code>/],
  ['Werkzeug debugger', /Werkzeug Debugger|The debugger caught an exception in your WSGI application/],
  ['Laravel/Whoops debug page', /Whoops! There was an error\.|Illuminate\\[\w\\]+Exception/],
  ['ASP.NET error page', /Server Error in '\/' Application|<title>Runtime Error<\/title>/],
  ['Rails debug page', /Action Controller: Exception caught/],
  ['Express error page', /<pre>(?:SyntaxError|TypeError|ReferenceError|Error): [^<]*<br> &nbsp; &nbsp;at /],
];

/** The first error signature found in a body. */
export function findErrorSignature(body: string): { name: string; match: string } | undefined {
  const text = body.length > 200_000 ? body.slice(0, 200_000) : body;
  for (const [name, re] of ERROR_SIGNATURES) {
    const m = re.exec(text);
    if (m) return { name, match: m[0].slice(0, 200) };
  }
  return undefined;
}

/** Luhn checksum. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

/** A payment card number: 13-19 digits (spaces/dashes allowed), a known issuer prefix, valid Luhn. */
export function isCardNumber(value: string): boolean {
  if (!/^\d[\d -]{11,22}\d$/.test(value)) return false;
  const d = value.replace(/[ -]/g, '');
  if (d.length < 13 || d.length > 19) return false;
  if (/^(\d)\1+$/.test(d)) return false;
  if (!/^(4|5[1-5]|2[2-7]|3[47]|6(?:011|5)|35|30[0-5]|36|38)/.test(d)) return false;
  return luhnValid(d);
}

/** A US social security number in its written form, with valid area/group/serial. */
export function isUsSsn(value: string): boolean {
  const m = /^(\d{3})-(\d{2})-(\d{4})$/.exec(value);
  if (!m) return false;
  const [a, g, s] = [m[1]!, m[2]!, m[3]!];
  return a !== '000' && a !== '666' && a[0] !== '9' && g !== '00' && s !== '0000';
}

export type SensitiveKind = 'password-hash' | 'password' | 'secret' | 'private-key' | 'card-number' | 'national-id' | 'internal-address' | 'cloud-key';

const VALUE_PATTERNS: readonly (readonly [SensitiveKind, string, RegExp])[] = [
  ['password-hash', 'bcrypt hash', /^\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}$/],
  ['password-hash', 'argon2 hash', /^\$argon2(?:id|i|d)\$v=\d+\$/],
  ['password-hash', 'crypt(3) SHA hash', /^\$[56]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{43,86}$/],
  ['password-hash', 'PBKDF2 hash', /^pbkdf2_sha(?:1|256|512)\$\d+\$/],
  ['password-hash', 'scrypt hash', /^scrypt\$\d+\$[A-Za-z0-9+/=._-]{8,}\$[A-Za-z0-9+/=._-]{16,}$/],
  ['private-key', 'private key', /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/],
  ['cloud-key', 'AWS access key id', /^(?:AKIA|ASIA)[0-9A-Z]{16}$/],
  ['secret', 'Stripe secret key', /^sk_(?:live|test)_[0-9A-Za-z]{16,}$/],
  ['secret', 'GitHub token', /^gh[pousr]_[A-Za-z0-9]{36,}$/],
  ['secret', 'Slack token', /^xox[abprs]-[A-Za-z0-9-]{10,}$/],
];

const INTERNAL_HOST = /^(?:10\.\d{1,3}\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3}\.\d{1,3}|172\.(?:1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3}|[\w-]+(?:\.[\w-]+)*\.(?:internal|local|corp|lan|intranet))(?::\d+)?$/i;

/** A value that names an internal network address (private IPv4, `.internal`/`.local`/`.corp` hosts). */
export function internalAddressIn(value: string): string | undefined {
  const s = value.trim();
  if (INTERNAL_HOST.test(s)) return s;
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@\s]+@)?([^/?#\s]+)/i.exec(s);
  if (m && INTERNAL_HOST.test(m[2]!)) return m[2]!;
  return undefined;
}

const SENSITIVE_NAMES: readonly (readonly [SensitiveKind, RegExp])[] = [
  ['password-hash', /^(?:password_?hash|passwd_?hash|pw_?hash|hashed_?password|password_?digest|encrypted_?password|pass_?hash)$/i],
  ['password', /^(?:password|passwd|pwd|pass|user_?password|plain_?password)$/i],
  ['secret', /^(?:secret|client_?secret|api_?secret|secret_?key|api_?key|apikey|private_?token|totp_?secret|mfa_?secret|otp_?secret|two_?factor_?secret|reset_?token|password_?reset_?token|session_?secret|signing_?key|encryption_?key)$/i],
  ['private-key', /^(?:private_?key|priv_?key|ssh_?key)$/i],
  ['card-number', /^(?:card_?number|credit_?card(?:_?number)?|cc_?number|pan|cvv|cvc|card_?cvv)$/i],
  ['national-id', /^(?:ssn|social_?security(?:_?number)?|national_?id|tax_?id|sin|nino|passport_?number)$/i],
];

export interface SensitiveHit {
  readonly kind: SensitiveKind;
  /** JSON path of the field, e.g. `$.users[0].password_hash`. */
  readonly path: string;
  readonly field: string;
  /** What recognized it: `field name` or the value pattern. */
  readonly by: string;
  readonly value: string;
}

function isMaskedOrEmpty(v: string): boolean {
  return v.trim() === '' || /^[*•x#.-]{3,}$/i.test(v) || /^\*+\w{0,4}$/.test(v) || /^(null|none|redacted|hidden|\[redacted\]|\[filtered\])$/i.test(v);
}

/** Sensitive data in a JSON value, by field name and by value. */
export function findSensitive(json: unknown, max = 50): SensitiveHit[] {
  const hits: SensitiveHit[] = [];
  const seen = new Set<unknown>();
  const walk = (x: unknown, path: string, field: string, depth: number) => {
    if (hits.length >= max || depth > 12) return;
    if (x !== null && typeof x === 'object') {
      if (seen.has(x)) return;
      seen.add(x);
      if (Array.isArray(x)) x.slice(0, 200).forEach((v, i) => walk(v, `${path}[${i}]`, field, depth + 1));
      else for (const [k, v] of Object.entries(x as Record<string, unknown>)) walk(v, `${path}.${k}`, k, depth + 1);
      return;
    }
    if (typeof x !== 'string' && typeof x !== 'number') return;
    const v = String(x);
    if (isMaskedOrEmpty(v)) return;
    for (const [kind, label, re] of VALUE_PATTERNS) {
      if (re.test(v)) {
        hits.push({ kind, path, field, by: label, value: v });
        return;
      }
    }
    if (isCardNumber(v) && !/(^|_)(id|phone|tel|isbn|ean|upc)$/i.test(field)) {
      hits.push({ kind: 'card-number', path, field, by: 'card number (Luhn)', value: v });
      return;
    }
    if (isUsSsn(v)) {
      hits.push({ kind: 'national-id', path, field, by: 'US social security number', value: v });
      return;
    }
    const internal = typeof x === 'string' ? internalAddressIn(v) : undefined;
    if (internal) {
      hits.push({ kind: 'internal-address', path, field, by: 'internal address', value: v });
      return;
    }
    for (const [kind, re] of SENSITIVE_NAMES) {
      // a boolean or tiny number under a sensitive name (`password: 1`?) is not the secret itself
      if (re.test(field) && typeof x === 'string' && v.length >= 4) {
        hits.push({ kind, path, field, by: 'field name', value: v });
        return;
      }
    }
  };
  walk(json, '$', '', 0);
  return hits;
}

/** Personal-data field names (for cache and cross-user checks). */
export const PERSONAL_FIELD = /^(?:e-?mail|email_?address|phone|phone_?number|mobile|address|street|postcode|zip|birth_?date|date_?of_?birth|dob|full_?name|first_?name|last_?name|ssn|iban|card_?number)$/i;

/** True when a JSON value has a non-empty personal-data field. */
export function hasPersonalData(json: unknown): boolean {
  let found = false;
  const seen = new Set<unknown>();
  const walk = (x: unknown, depth: number) => {
    if (found || depth > 10 || x === null || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (Array.isArray(x)) {
      for (const v of x.slice(0, 100)) walk(v, depth + 1);
      return;
    }
    for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
      if (PERSONAL_FIELD.test(k) && typeof v === 'string' && v.trim() !== '') found = true;
      else walk(v, depth + 1);
    }
  };
  walk(json, 0);
  return found;
}

/** String values anywhere in a JSON value (bounded). */
export function stringValues(json: unknown, max = 5000): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const walk = (x: unknown, depth: number) => {
    if (out.length >= max || depth > 12) return;
    if (typeof x === 'string') out.push(x);
    else if (x !== null && typeof x === 'object' && !seen.has(x)) {
      seen.add(x);
      for (const v of Array.isArray(x) ? x : Object.values(x as Record<string, unknown>)) walk(v, depth + 1);
    }
  };
  walk(json, 0);
  return out;
}

/** A short random token for probe markers, from the injected generator. */
export function marker(random: () => number, prefix = 'rmp'): string {
  let s = prefix;
  for (let i = 0; i < 10; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 36)];
  return s;
}
