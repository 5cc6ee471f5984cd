import { createPublicKey } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { parseJson } from '../authz/compare.js';
import { jwtProbe } from '../authz/jwt-probe.js';
import { signHmac } from '../authz/jwt.js';
import { defineScanCheck } from '../define.js';
import type { ScanContext } from '../define.js';
import type { HttpResponse } from '../../../http/types.js';

const meta = {
  id: 'scan/jwt-key-confusion',
  title: 'JWT algorithm confusion: the public key is accepted as an HMAC secret',
  severity: 'critical',
  confidence: 'high',
  domain: 'authentication',
  owasp: ['API2:2023'],
  cwe: ['CWE-347', 'CWE-327'],
  description:
    "When an identity's token is signed with RS/PS/ES, looks for the server's public keys (JWKS at well-known paths or the OpenID configuration's jwks_uri, on the target's own origin), then signs the same claims with HS256 using the public key (as PEM, in its usual encodings) as the HMAC secret. Acceptance means anyone who can read the public key can forge tokens.",
  remediation:
    'Pin the algorithm when verifying (`algorithms: ["RS256"]`) instead of trusting the token header, and keep separate key objects per algorithm so a public key can never be used as an HMAC secret.',
  references: ['https://datatracker.ietf.org/doc/html/rfc8725#section-2.1', 'https://cwe.mitre.org/data/definitions/347.html'],
  messages: {
    confused: '{method} {path} accepts an HS256 token signed with the public key from {jwksUrl}.',
  },
} as const;

const JWKS_PATHS = ['/.well-known/jwks.json', '/jwks.json', '/.well-known/openid-configuration', '/.well-known/keys', '/oauth2/jwks', '/oauth/jwks', '/api/jwks', '/auth/jwks', '/keys'];

async function findKeys(ctx: ScanContext): Promise<{ url: string; keys: JsonWebKey[]; res: HttpResponse } | undefined> {
  const origin = new URL(ctx.target).origin;
  for (const p of JWKS_PATHS) {
    const res = await ctx.send({ method: 'GET', url: `${origin}${p}`, identity: 'anonymous' });
    if (res.status !== 200) continue;
    const j = parseJson(res.body) as { keys?: JsonWebKey[]; jwks_uri?: string } | undefined;
    if (j?.keys && Array.isArray(j.keys)) return { url: res.url, keys: j.keys, res };
    if (typeof j?.jwks_uri === 'string') {
      let u: URL;
      try {
        u = new URL(j.jwks_uri, res.url);
      } catch {
        continue;
      }
      if (u.origin !== origin) continue; // never leave the target's origin for a key
      const r2 = await ctx.send({ method: 'GET', url: u.href, identity: 'anonymous' });
      const j2 = parseJson(r2.body) as { keys?: JsonWebKey[] } | undefined;
      if (j2?.keys && Array.isArray(j2.keys)) return { url: r2.url, keys: j2.keys, res: r2 };
    }
  }
  return undefined;
}

/** The encodings of a public key that libraries have been seen to feed into HMAC. */
export function pemVariants(jwk: JsonWebKey): string[] {
  try {
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const spki = key.export({ type: 'spki', format: 'pem' }).toString();
    const out = [spki, spki.trimEnd()];
    if (jwk.kty === 'RSA') {
      const pkcs1 = key.export({ type: 'pkcs1', format: 'pem' }).toString();
      out.push(pkcs1, pkcs1.trimEnd());
    }
    return out;
  } catch {
    return [];
  }
}

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: JWKS_PATHS.length + 10, writes: false }),
  async run(ctx, report) {
    const p = await jwtProbe(ctx);
    if (!p || !/^(RS|PS|ES)\d{3}$/.test(String(p.jwt.header.alg))) return;
    const found = await findKeys(ctx);
    if (!found) return;
    const kid = p.jwt.header.kid;
    const keys = found.keys.filter((k) => kid === undefined || (k as { kid?: string }).kid === undefined || (k as { kid?: string }).kid === kid);
    for (const k of keys.slice(0, 4)) {
      for (const pem of pemVariants(k)) {
        const token = signHmac({ ...p.jwt.header, alg: 'HS256' }, p.jwt.payload, pem);
        const res = await p.send(token);
        if (!p.accepted(res)) continue;
        report({
          op: p.op,
          messageId: 'confused',
          data: { method: p.op.method, path: p.op.path, jwksUrl: found.url },
          parameter: { in: 'header', name: 'Authorization' },
          payload: 'header alg HS256, original claims, HMAC keyed with the public key PEM',
          exchanges: [
            { response: found.res, label: 'the public key set' },
            { response: p.anonymous, label: 'control: no token' },
            { response: res, label: 'probe: HS256 signed with the public key' },
          ],
        });
        return;
      }
    }
  },
});
