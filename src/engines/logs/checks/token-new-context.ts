import { defineLogCheck, OWASP_AUTH } from '../define.js';
import { OpenIncidents } from '../state.js';

export default defineLogCheck<{ requireBoth: boolean; maxTracked: number }>({
  meta: {
    id: 'logs/token-new-context',
    title: 'Token used from a new network and client',
    severity: 'medium',
    confidence: 'medium',
    domain: 'abuse',
    owasp: OWASP_AUTH,
    cwe: ['CWE-522'],
    description: 'After its baseline window, a token is used from a network and with a client (user agent) it never used before: the usual trace of a leaked or stolen token replayed elsewhere.',
    remediation: 'Confirm with the token\'s owner; revoke and rotate it if the use is not theirs. Bind tokens to clients (mTLS, DPoP), keep them short-lived, and keep them out of logs, URLs and repositories.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
      'https://attack.mitre.org/techniques/T1550/001/',
      'https://datatracker.ietf.org/doc/html/rfc9449',
    ],
    messages: {
      newNetworkAndClient: 'Token {token} (usually from known networks and clients) was used from {ip} ({net}) with the new client "{ua}" for {op}.',
      newNetwork: 'Token {token} was used from the new network {net} ({ip}) for {op}.',
      newClient: 'Token {token} was used with the new client "{ua}" from {ip} for {op}.',
    },
  },
  defaults: { requireBoth: true, maxTracked: 100_000 },
  optionsSchema: {
    requireBoth: { type: 'boolean', description: 'raise only when both the network and the client are new (false: either)' },
    maxTracked: { type: 'integer', minimum: 1, description: 'tokens with an open incident tracked at once' },
  },
  create(o, env) {
    const open = new OpenIncidents(o.maxTracked);
    return {
      observe(e) {
        if (!e.tokenId) return;
        const p = env.profile(e);
        if (!p.mature) return;
        // a mature profile's sets are fixed: remember the last context found in them
        const newNet = e.netId !== p.knownNetId && !p.nets.has(e.netId);
        if (!newNet) p.knownNetId = e.netId;
        const newUa = e.uaId !== p.knownUaId && !p.uas.has(e.uaId);
        if (!newUa) p.knownUaId = e.uaId;
        const hit = o.requireBoth ? newNet && newUa : newNet || newUa;
        if (!hit) return;
        const messageId = newNet && newUa ? 'newNetworkAndClient' : newNet ? 'newNetwork' : 'newClient';
        open.extendOrRaise(e.tokenId, e, () =>
          env.report({
            messageId,
            data: { token: e.tokenId, ip: e.ip, net: e.net, ua: e.ua, op: e.op },
            principalKind: 'token',
            principal: e.tokenId,
            event: e,
            windowStart: e.time,
            counts: { newNetwork: newNet ? 1 : 0, newClient: newUa ? 1 : 0, newHour: p.isNewHour(e.time) ? 1 : 0, baselineRequests: p.count },
            thresholds: { requireBoth: o.requireBoth ? 1 : 0 },
          }),
        );
      },
    };
  },
});
