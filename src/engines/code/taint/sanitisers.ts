import { ALL_KINDS, KIND_BIT } from './types.js';

/** What a sanitiser does to a value. */
export interface Sanitiser {
  readonly clean: number;
  readonly label: string;
  /** Schema validation keeps the object shape (its fields are still strings). */
  readonly keepWhole?: boolean;
}

const NUMERIC: Sanitiser = { clean: ALL_KINDS, label: 'converted to a number' };
const HTML: Sanitiser = { clean: KIND_BIT.xss, label: 'HTML-escaped' };
const SHELL: Sanitiser = { clean: KIND_BIT.cmd, label: 'shell-quoted' };
const PATH: Sanitiser = { clean: KIND_BIT.path, label: 'reduced to a file name' };
const SQL: Sanitiser = { clean: KIND_BIT.sql, label: 'SQL-escaped' };
const LDAP: Sanitiser = { clean: KIND_BIT.ldap, label: 'LDAP-escaped' };
const URL: Sanitiser = { clean: KIND_BIT.xss | KIND_BIT.redirect | KIND_BIT.smtp | KIND_BIT.nosql | KIND_BIT.ldap, label: 'URL-encoded' };
const STRING: Sanitiser = { clean: KIND_BIT.nosql | KIND_BIT.mass, label: 'converted to a string' };
const SCHEMA: Sanitiser = { clean: KIND_BIT.nosql | KIND_BIT.mass | KIND_BIT.privileged, label: 'validated against a schema', keepWhole: false };
const CRLF: Sanitiser = { clean: KIND_BIT.smtp, label: 'stripped of line breaks' };

/**
 * The sanitisers every rule knows (their documentation names them):
 * numeric conversion clears every kind; escaping clears its own kind; schema validation (zod, joi,
 * pydantic, marshmallow) clears NoSQL operator injection and mass assignment, because it fixes the
 * shape and the fields but leaves string fields free text.
 */
const cache = new Map<string, Sanitiser | null>();

export function sanitiserOf(text: string, name: string, py: boolean): Sanitiser | undefined {
  const key = `${py ? 'p' : 'j'}${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const s = sanitiserUncached(text, name, py);
  if (cache.size > 50_000) cache.clear();
  cache.set(key, s ?? null);
  return s;
}

function sanitiserUncached(text: string, name: string, py: boolean): Sanitiser | undefined {
  if (py) {
    if (/^(int|float|bool|abs|round|len|uuid\.UUID|UUID|decimal\.Decimal|Decimal|datetime\.\w+|date\.fromisoformat)$/.test(text)) return NUMERIC;
    if (/^(html\.escape|escape|markupsafe\.escape|Markup\.escape|cgi\.escape|bleach\.clean|xml\.sax\.saxutils\.escape|quote_plus|urllib\.parse\.quote_plus|urllib\.parse\.quote)$/.test(text)) return text.includes('quote') ? URL : HTML;
    if (/^(shlex\.quote|pipes\.quote|quote)$/.test(text)) return SHELL;
    if (/^(os\.path\.basename|secure_filename|werkzeug\.utils\.secure_filename|safe_join|werkzeug\.security\.safe_join)$/.test(text)) return PATH;
    if (/^(escape_filter_chars|ldap\.filter\.escape_filter_chars|ldap3\.utils\.conv\.escape_filter_chars|escape_dn_chars)$/.test(text)) return LDAP;
    if (/^(str)$/.test(text)) return STRING;
    if (/(^|\.)(parse_obj|model_validate|model_validate_json|parse_raw|load|validate)$/.test(text) && /schema|model|Schema|Model|[A-Z]/.test(text.split('.')[0] ?? '')) return SCHEMA;
    return undefined;
  }
  if (/^(Number|parseInt|parseFloat|Math\.\w+|Boolean|BigInt|Number\.parseInt|Number\.parseFloat|Date\.parse|validator\.toInt|validator\.toFloat)$/.test(text)) return NUMERIC;
  if (/^(escape|escapeHtml|escapeHTML|htmlEscape|he\.encode|he\.escape|validator\.escape|_\.escape|lodash\.escape|sanitizeHtml|DOMPurify\.sanitize|xss|xssFilters\.\w+|encodeHTML|entities\.encode\w*)$/.test(text)) return HTML;
  if (/^(shellEscape|shellescape|shellQuote\.quote|quote|escapeShellArg)$/.test(text)) return SHELL;
  if (/^(path\.basename|basename|sanitizeFilename|sanitize)$/.test(text)) return PATH;
  if (/^(mysql\.escape|connection\.escape|pool\.escape|db\.escape|SqlString\.escape|sqlstring\.escape|escapeId|mysql\.escapeId|pgFormat|format\.literal|escapeLiteral|client\.escapeLiteral|escapeIdentifier)$/.test(text)) return SQL;
  if (/^(ldap\.escape\.filterValue|escapeFilter|ldapEscape\.filter|escapeLdap\w*)$/.test(text)) return LDAP;
  if (/^(encodeURIComponent|encodeURI|querystring\.escape)$/.test(text)) return URL;
  if (/^(String|JSON\.stringify)$/.test(text) || name === 'toString') return STRING;
  if (/(^|\.)(parse|parseAsync|safeParse|safeParseAsync|validate|validateAsync|validateSync|attempt|cast)$/.test(text) && /schema|Schema|validator|Joi|joi|z\b|Dto|Model|[A-Z]\w*$/.test(text.split('.').slice(0, -1).join('.') || 'x') && !/^(JSON|Date|URL|path|url|qs|querystring)\b/.test(text)) return SCHEMA;
  if (/(^|\.)(replace|replaceAll)$/.test(text)) return undefined;
  if (name === 'stripNewlines' || name === 'removeCRLF') return CRLF;
  return undefined;
}
