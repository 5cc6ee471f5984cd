import { jwtProbe } from '../authz/jwt-probe.js';
import { jwtSecretCandidates } from '../authz/jwt-secrets.js';
import { crackHmacSecret, decodeJwt, signHmac, withClaimsKeepSignature } from '../authz/jwt.js';
import { defineScanCheck } from '../define.js';

const meta = {
  id: 'scan/jwt-expired-accepted',
  title: 'Expired JWT is accepted',
  severity: 'high',
  confidence: 'high',
  domain: 'authentication',
  owasp: ['API2:2023'],
  cwe: ['CWE-613'],
  description:
    "Sends a validly signed token whose `exp` lies an hour in the past: one given in the check's `expiredToken` option, or one the check can sign itself because the identity's HMAC secret is in the bundled word list. An answer with the identity's data means expiry is not enforced and a stolen token never dies.",
  remediation: 'Validate `exp` (and `nbf`) on every request with a small clock tolerance; keep access tokens short-lived and revoke refresh tokens on logout.',
  references: ['https://datatracker.ietf.org/doc/html/rfc7519#section-4.1.4', 'https://cwe.mitre.org/data/definitions/613.html'],
  messages: {
    expiredAccepted: '{method} {path} accepts a token that expired at {exp}.',
  },
} as const;

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: 4, writes: false }),
  async run(ctx, report) {
    const p = await jwtProbe(ctx);
    if (!p) return;
    // "Now" as the server sees it: its Date header, else the token's issue time (checks have no wall clock).
    const serverDate = Date.parse(p.ok.headers.date ?? '');
    const nowS = Number.isFinite(serverDate) ? Math.floor(serverDate / 1000) : typeof p.jwt.payload.iat === 'number' ? p.jwt.payload.iat : undefined;
    if (nowS === undefined) return;
    let token = typeof ctx.options.expiredToken === 'string' ? ctx.options.expiredToken : undefined;
    if (!token) {
      const secret = crackHmacSecret(p.jwt, jwtSecretCandidates());
      if (secret === undefined) {
        ctx.notify('note', 'jwt-expiry-untested', 'scan/jwt-expired-accepted needs an expired token (option expiredToken) or a crackable HMAC secret; expiry was not tested.');
        return;
      }
      token = signHmac(p.jwt.header, { ...p.jwt.payload, iat: nowS - 7200, exp: nowS - 3600 }, secret);
    }
    const decoded = decodeJwt(token);
    const exp = typeof decoded?.payload.exp === 'number' ? decoded.payload.exp : undefined;
    if (exp === undefined || exp >= nowS) return;
    // Expiry is only the cause when the signature is checked: a token with a broken signature must fail.
    const broken = await p.send(withClaimsKeepSignature(p.jwt, { ...p.jwt.payload, exp: nowS + 3600, rampart: 1 }));
    if (p.accepted(broken)) return;
    const res = await p.send(token);
    if (!p.accepted(res)) return;
    report({
      op: p.op,
      messageId: 'expiredAccepted',
      data: { method: p.op.method, path: p.op.path, exp: new Date(exp * 1000).toISOString() },
      parameter: { in: 'header', name: 'Authorization' },
      exchanges: [
        { response: broken, label: 'control: a token with a broken signature is refused' },
        { response: res, label: 'probe: validly signed, expired token' },
      ],
      facts: { exp },
    });
  },
});
