import { jwtProbe } from '../authz/jwt-probe.js';
import { withAlgNone } from '../authz/jwt.js';
import { defineScanCheck } from '../define.js';

const meta = {
  id: 'scan/jwt-alg-none',
  title: 'JWT with algorithm "none" is accepted',
  severity: 'critical',
  confidence: 'high',
  domain: 'authentication',
  owasp: ['API2:2023'],
  cwe: ['CWE-347'],
  description:
    'Takes a configured identity\'s JWT, sets its header algorithm to "none" (in several spellings), removes the signature and sends it to an operation that refuses anonymous callers. Getting the identity\'s own answer back means the server accepts unsigned tokens, so anyone can forge any identity.',
  remediation:
    'Verify tokens with an explicit allow-list of algorithms (e.g. `algorithms: ["RS256"]`) and reject "none" in every spelling; use a maintained JWT library and never decode claims without verifying the signature first.',
  references: [
    'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html',
    'https://datatracker.ietf.org/doc/html/rfc8725#section-3.1',
    'https://cwe.mitre.org/data/definitions/347.html',
  ],
  messages: {
    acceptedNone: '{method} {path} accepts a token with "alg": "{spelling}" and no signature.',
  },
} as const;

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: 10, writes: false }),
  async run(ctx, report) {
    const p = await jwtProbe(ctx);
    if (!p) return;
    for (const spelling of ['none', 'None', 'NONE', 'nOnE']) {
      const res = await p.send(withAlgNone(p.jwt, spelling));
      if (!p.accepted(res)) continue;
      report({
        op: p.op,
        messageId: 'acceptedNone',
        data: { method: p.op.method, path: p.op.path, spelling },
        parameter: { in: 'header', name: 'Authorization' },
        payload: `{"alg":"${spelling}"} header, original claims, empty signature`,
        exchanges: [
          { response: p.anonymous, label: 'control: no token' },
          { response: res, label: `probe: alg ${spelling}` },
        ],
      });
      return;
    }
  },
});
