import { jwtProbe } from '../authz/jwt-probe.js';
import { decodeJwt, withAlteredSignature, withClaimsKeepSignature, withoutSignature } from '../authz/jwt.js';
import { defineScanCheck } from '../define.js';

const meta = {
  id: 'scan/jwt-signature-not-verified',
  title: 'JWT signature is not verified',
  severity: 'critical',
  confidence: 'high',
  domain: 'authentication',
  owasp: ['API2:2023'],
  cwe: ['CWE-347'],
  description:
    "Sends a configured identity's JWT with its signature stripped, with its signature altered, and with another identity's claims under the original signature. Any of them accepted means the server reads claims without verifying them.",
  remediation:
    'Verify the signature of every token before reading any claim (`jwt.verify`, not `jwt.decode`), with a fixed algorithm and key, and reject tokens whose signature is missing or wrong.',
  references: [
    'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html',
    'https://datatracker.ietf.org/doc/html/rfc8725',
    'https://cwe.mitre.org/data/definitions/347.html',
  ],
  messages: {
    stripped: '{method} {path} accepts the token with its signature removed.',
    altered: '{method} {path} accepts the token with an altered signature.',
    swapped: "{method} {path} accepts {identity}'s signature over {other}'s claims.",
  },
} as const;

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: 10, writes: false }),
  async run(ctx, report) {
    const p = await jwtProbe(ctx);
    if (!p) return;
    const base = { op: p.op, parameter: { in: 'header' as const, name: 'Authorization' } };
    const data = { method: p.op.method, path: p.op.path };
    const stripped = await p.send(withoutSignature(p.jwt));
    if (p.accepted(stripped)) {
      report({ ...base, messageId: 'stripped', data, exchanges: [{ response: p.anonymous, label: 'control: no token' }, { response: stripped, label: 'probe: no signature' }], key: 'stripped' });
      return;
    }
    const altered = await p.send(withAlteredSignature(p.jwt));
    if (p.accepted(altered)) {
      report({ ...base, messageId: 'altered', data, exchanges: [{ response: p.anonymous, label: 'control: no token' }, { response: altered, label: 'probe: altered signature' }], key: 'altered' });
      return;
    }
    // Another identity's claims under this identity's signature: answered as the other identity?
    for (const other of ctx.identities.filter((i) => i.authenticated && i.name !== p.identity)) {
      const t = ctx.token?.(other.name);
      const ojwt = t ? decodeJwt(t) : undefined;
      if (!ojwt) continue;
      const otherOk = await ctx.send(ctx.request(p.op, { identity: other.name }));
      const res = await p.send(withClaimsKeepSignature(p.jwt, ojwt.payload));
      if (res.status >= 200 && res.status < 300 && otherOk.body === res.body && otherOk.body !== p.ok.body) {
        report({ ...base, messageId: 'swapped', data: { ...data, identity: p.identity, other: other.name }, exchanges: [{ response: otherOk, label: `${other.name} with its own token` }, { response: res, label: `probe: ${other.name}'s claims, ${p.identity}'s signature` }], key: 'swapped' });
        return;
      }
    }
  },
});
