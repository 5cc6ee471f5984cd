import type { HttpResponse } from '../../../http/types.js';
import { isSuccessWithData, looksLikeRefusal } from '../authz/compare.js';
import { isPrivilegedOperation } from '../authz/common.js';
import { jwtProbe } from '../authz/jwt-probe.js';
import { jwtSecretCandidates } from '../authz/jwt-secrets.js';
import { crackHmacSecret, maskCracked, raisedClaims, signHmac } from '../authz/jwt.js';
import { defineScanCheck } from '../define.js';
import type { EvidenceExchange } from '../define.js';

const meta = {
  id: 'scan/jwt-weak-secret',
  title: 'JWT signed with a guessable HMAC secret',
  severity: 'high',
  confidence: 'high',
  domain: 'authentication',
  owasp: ['API2:2023'],
  cwe: ['CWE-521', 'CWE-798'],
  description:
    'Tries a bundled list of more than 10,000 common and default secrets offline against the signature of a configured identity\'s HS256/384/512 token (no request is sent for that). When one verifies, it forges a token with raised claims (role admin) and tries it on the privileged operations that refused the identity; a success raises the finding to critical. The secret is reported masked.',
  remediation:
    'Sign tokens with a random secret of at least 256 bits from a secret store (or switch to an asymmetric algorithm), rotate the cracked secret now, and invalidate every token it signed.',
  references: [
    'https://datatracker.ietf.org/doc/html/rfc8725#section-3.5',
    'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html',
    'https://cwe.mitre.org/data/definitions/521.html',
  ],
  messages: {
    cracked: 'The token of {identity} is signed with a guessable secret ({masked}).',
    forged: 'The token of {identity} is signed with a guessable secret ({masked}); a forged token with raised claims is accepted by {adminOp}.',
  },
} as const;

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: (surface) => ({ requests: 4 + surface.operations.filter(isPrivilegedOperation).length * 2, writes: false }),
  async run(ctx, report) {
    const p = await jwtProbe(ctx);
    if (!p) return;
    const secret = crackHmacSecret(p.jwt, jwtSecretCandidates());
    if (secret === undefined) return;
    const masked = maskCracked(secret);
    // The cracked secret really signs tokens the server accepts: re-sign the same claims.
    const resigned = await p.send(signHmac(p.jwt.header, p.jwt.payload, secret));
    if (!p.accepted(resigned)) return;
    const forgedToken = signHmac(p.jwt.header, raisedClaims(p.jwt.payload), secret);
    const evidence: EvidenceExchange[] = [{ response: resigned, label: 'the same claims re-signed with the cracked secret' }];
    let proof: { op: string; refused: HttpResponse; res: HttpResponse } | undefined;
    for (const op of ctx.surface.operations) {
      if (op.method !== 'GET' || op.path.includes('{') || !isPrivilegedOperation(op)) continue;
      const refused = await ctx.send(ctx.request(op, { identity: p.identity }));
      if (!looksLikeRefusal(refused.status, refused.body)) continue;
      const res = await ctx.send(ctx.request(op, { identity: 'anonymous', headers: { authorization: `Bearer ${forgedToken}` } }));
      if (isSuccessWithData(res.status, res.body)) {
        proof = { op: `${op.method} ${op.path}`, refused, res };
        break;
      }
    }
    if (proof) evidence.push({ response: proof.refused, label: `${proof.op} with the real token` }, { response: proof.res, label: `${proof.op} with the forged token` });
    report({
      op: p.op,
      messageId: proof ? 'forged' : 'cracked',
      data: { identity: p.identity, masked, adminOp: proof?.op },
      severity: proof ? 'critical' : 'high',
      parameter: { in: 'header', name: 'Authorization' },
      summary: `HMAC secret found in the bundled list (${masked}).${proof ? ` A token with raised claims opened ${proof.op}.` : ''}`,
      exchanges: evidence,
      facts: { algorithm: p.jwt.header.alg, secret: masked, raisedClaims: Object.keys(raisedClaims(p.jwt.payload)).filter((k) => raisedClaims(p.jwt.payload)[k] !== p.jwt.payload[k]) },
    });
  },
});
