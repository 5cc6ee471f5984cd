import { defineLogCheck } from '../define.js';
import { OpenIncidents } from '../state.js';

export default defineLogCheck({
  meta: {
    id: 'logs/token-privileged-use',
    title: 'First use of a privileged operation by a token',
    severity: 'high',
    confidence: 'medium',
    domain: 'abuse',
    owasp: ['API5:2023'],
    cwe: ['CWE-285'],
    description: 'After its baseline window, a token calls an administrative or otherwise privileged operation it never called before: privilege probing with a stolen token, or a function-level authorization gap being exercised.',
    remediation: 'Confirm the call with the token\'s owner; enforce function-level authorization on every privileged operation, scope tokens to the operations they need, and revoke the token if the use is not legitimate.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/',
      'https://cwe.mitre.org/data/definitions/285.html',
      'https://attack.mitre.org/techniques/T1078/',
    ],
    messages: {
      accepted: 'Token {token} called the privileged operation {op} for the first time and got {status}.',
      refused: 'Token {token} tried the privileged operation {op} for the first time and was refused ({status}).',
    },
  },
  defaults: { maxTracked: 100_000 },
  optionsSchema: { maxTracked: { type: 'integer', minimum: 1, description: 'token and operation pairs with an open incident' } },
  create(o, env) {
    const open = new OpenIncidents(o.maxTracked);
    return {
      observe(e) {
        if (!e.isPrivileged || !e.tokenId) return;
        const p = env.profile(e);
        if (!p.mature || p.ops.has(e.opId)) return;
        const key = `${e.tokenId} ${e.op}`;
        const ok = e.status < 400;
        open.extendOrRaise(key, e, () =>
          env.report({
            messageId: ok ? 'accepted' : 'refused',
            data: { token: e.tokenId, op: e.op, status: e.status },
            principalKind: 'token',
            principal: e.tokenId,
            key: e.op,
            event: e,
            windowStart: e.time,
            counts: { baselineRequests: p.count, status: e.status },
            thresholds: {},
            severity: ok ? 'high' : 'medium',
          }),
        );
      },
    };
  },
});
