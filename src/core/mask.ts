/**
 * Mask a secret for display: a short prefix and the length, never the whole value.
 *
 * @example
 * maskSecret('ghp_abcdefghijklmnopqrstuvwxyz0123456789'); // 'ghp_ab…(40 chars)'
 */
export function maskSecret(value: string, keep = 6): string {
  if (value.length <= 8) return `${'*'.repeat(Math.min(value.length, 8))}`;
  const k = Math.min(keep, Math.floor(value.length / 4));
  return `${value.slice(0, k)}…(${value.length} chars)`;
}

/** Cut a text to at most `max` characters, saying how much was left out. */
export function excerpt(text: string, max = 2048): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… [${text.length - max} more characters]`;
}

const BEARER = /\b(Bearer|Basic)\s+([A-Za-z0-9._~+/=-]{8,})/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;

/** Mask bearer/basic credentials and JWTs inside free text (headers, log lines, bodies). */
export function redactText(text: string): string {
  return text
    .replace(BEARER, (_m, scheme: string, tok: string) => `${scheme} ${maskSecret(tok)}`)
    .replace(JWT, (tok) => maskSecret(tok));
}

const SENSITIVE_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'proxy-authorization', 'x-api-key', 'api-key', 'x-auth-token']);

/** Headers with credential values masked. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    out[k] = SENSITIVE_HEADERS.has(k.toLowerCase()) ? redactCredentialHeader(v) : v;
  }
  return out;
}

function redactCredentialHeader(v: string): string {
  const m = /^(\w+)\s+(.+)$/.exec(v);
  if (m && /^(bearer|basic|token|digest)$/i.test(m[1]!)) return `${m[1]} ${maskSecret(m[2]!)}`;
  if (v.includes('=')) return v.replace(/=([^;,\s]+)/g, (_m, val: string) => `=${maskSecret(val)}`);
  return maskSecret(v);
}
