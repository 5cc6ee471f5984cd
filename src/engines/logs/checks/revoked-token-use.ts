import { defineLogCheck, OWASP_AUTH } from '../define.js';
import { OpenIncidents } from '../state.js';

export default defineLogCheck({
  meta: {
    id: 'logs/revoked-token-use',
    title: 'Revoked token used',
    severity: 'high',
    confidence: 'high',
    domain: 'abuse',
    owasp: OWASP_AUTH,
    cwe: ['CWE-613'],
    description: 'A token on the given revoked list (raw tokens or JWT ids) appears in the log. Accepted requests mean revocation is not enforced; refused ones show who still holds the token.',
    remediation: 'Enforce revocation at every gateway and service (check a deny-list or introspect tokens, keep lifetimes short), and find out who is still using the token and how they got it.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
      'https://datatracker.ietf.org/doc/html/rfc7009',
      'https://cwe.mitre.org/data/definitions/613.html',
    ],
    messages: {
      accepted: 'Revoked token {token} was accepted ({status}) for {op} from {ip}.',
      refused: 'Revoked token {token} was presented from {ip} for {op} and refused ({status}).',
    },
  },
  defaults: { maxTracked: 100_000 },
  optionsSchema: { maxTracked: { type: 'integer', minimum: 1, description: 'tokens with an open incident' } },
  create(o, env) {
    const open = new OpenIncidents(o.maxTracked);
    return {
      observe(e) {
        if (!e.isRevoked) return;
        const ok = e.status < 400;
        const key = `${e.tokenId} ${ok ? 1 : 0}`;
        open.extendOrRaise(key, e, () =>
          env.report({
            messageId: ok ? 'accepted' : 'refused',
            data: { token: e.tokenId, status: e.status, op: e.op, ip: e.ip },
            principalKind: 'token',
            principal: e.tokenId,
            key: ok ? 'accepted' : 'refused',
            event: e,
            windowStart: e.time,
            counts: { status: e.status },
            thresholds: {},
            severity: ok ? 'critical' : 'medium',
          }),
        );
      },
    };
  },
});
