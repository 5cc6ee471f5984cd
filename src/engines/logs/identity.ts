import { createHmac } from 'node:crypto';
import { RecentCache, own } from './state.js';

/** What a credential says about who uses it; the credential itself is never kept. */
export interface CredentialIdentity {
  /** `tok_` + 16 hex characters of HMAC-SHA256(key, credential). */
  readonly tokenId: string;
  /** The JWT `sub`, '' when the credential is not a JWT or has none. */
  readonly sub: string;
  /** The JWT `jti`, for matching a revoked list by id. */
  readonly jti: string;
  /** The last source, network and client seen with this credential (a memo: most lines repeat them). */
  lastIp: string;
  lastNet: string;
  lastNetId: number;
  lastUa: string;
  lastUaId: number;
  /** When the credential was revoked (epoch ms) by the deriver's list, Infinity when it is not on it; NaN until looked up. */
  revokedSince: number;
  /**
   * Numbers of the token id, `sub`, last source, network and client in a parse worker's string
   * table (0: not looked up yet), valid while the table is in epoch `noEpoch`.
   */
  noEpoch: number;
  tokenNo: number;
  subNo: number;
  ipNo: number;
  netNo: number;
  uaNo: number;
}

/** Strip the scheme: `Bearer abc` → `abc`. Basic credentials stay whole (they are user:password). */
export function credentialValue(raw: string): string {
  const sp = raw.indexOf(' ');
  if (sp > 0 && /^(bearer|token|apikey)$/i.test(raw.slice(0, sp))) return raw.slice(sp + 1).trim();
  return raw.trim();
}

/** Decode (never verify) a JWT's payload for `sub` and `jti`. */
export function jwtClaims(token: string): { sub: string; jti: string } {
  const a = token.indexOf('.');
  if (a <= 0 || token.charCodeAt(0) !== 101) return { sub: '', jti: '' }; // JWTs start with "eyJ"
  const b = token.indexOf('.', a + 1);
  if (b < 0) return { sub: '', jti: '' };
  try {
    const payload = JSON.parse(Buffer.from(token.slice(a + 1, b), 'base64url').toString('utf8')) as Record<string, unknown>;
    const sub = typeof payload.sub === 'string' || typeof payload.sub === 'number' ? String(payload.sub) : '';
    const jti = typeof payload.jti === 'string' ? payload.jti : '';
    return { sub: sub.slice(0, 200), jti: jti.slice(0, 200) };
  } catch {
    return { sub: '', jti: '' };
  }
}

/** For Basic credentials, the user name (the password is dropped). */
function basicUser(raw: string): string {
  if (!/^basic\s/i.test(raw)) return '';
  try {
    const dec = Buffer.from(raw.slice(6).trim(), 'base64').toString('utf8');
    const c = dec.indexOf(':');
    return c > 0 ? dec.slice(0, c).slice(0, 200) : '';
  } catch {
    return '';
  }
}

/**
 * Keyed identities of credentials, cached (a bounded cache: the same few tokens repeat on most lines).
 * The key comes from the caller (random per run, or from config for ids stable across runs).
 */
export class CredentialHasher {
  private cache = new Map<string, CredentialIdentity>();
  private readonly recent = new RecentCache<CredentialIdentity>(15);
  /**
   * Counts the times the map started anew: caches in front of it (its own and a caller's) are
   * cleared then, so a credential always gets the one identity the map holds for it.
   */
  epoch = 1;

  constructor(
    private readonly key: Buffer,
    private readonly cap = 50_000,
  ) {}

  /** The id of a credential value (after the scheme is stripped). */
  idOf(value: string): string {
    return `tok_${createHmac('sha256', this.key).update(value).digest('hex').slice(0, 16)}`;
  }

  identify(raw: string): CredentialIdentity {
    const hit = this.recent.get(raw);
    if (hit !== undefined) return hit;
    const id = this.lookup(raw);
    this.recent.set(raw, id);
    return id;
  }

  private lookup(raw: string): CredentialIdentity {
    const hit = this.cache.get(raw);
    if (hit) return hit;
    const value = credentialValue(raw);
    const { sub, jti } = jwtClaims(value);
    const id: CredentialIdentity = { tokenId: this.idOf(value), sub: sub || basicUser(raw), jti, lastIp: '', lastNet: '', lastNetId: 0, lastUa: '', lastUaId: 0, revokedSince: Number.NaN, noEpoch: 0, tokenNo: 0, subNo: 0, ipNo: 0, netNo: 0, uaNo: 0 };
    if (this.cache.size >= this.cap) {
      this.cache = new Map();
      this.recent.clear();
      this.epoch++;
    }
    this.cache.set(own(raw), id);
    return id;
  }
}

const BODY_USER = /["']?(?:username|user_name|user|login|email|account)["']?\s*[:=]\s*["']?([^"'&,}\s]{1,200})/i;

/** The account name in a logged login body (JSON or form encoded), '' when none. */
export function bodyUser(body: string): string {
  if (!body) return '';
  const m = BODY_USER.exec(body);
  if (!m) return '';
  try {
    return decodeURIComponent(m[1]!.replace(/\+/g, ' '));
  } catch {
    return m[1]!;
  }
}
