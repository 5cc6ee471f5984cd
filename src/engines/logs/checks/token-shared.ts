import { defineLogCheck, OWASP_AUTH, posInt } from '../define.js';
import type { IncidentHandle } from '../define.js';
import type { LineRef } from '../types.js';
import { HashSet, IdSet, lineRef, markLine, own } from '../state.js';

interface State {
  start: number;
  nets: IdSet;
  ips: HashSet;
  /** The last address and network added (most uses repeat them: no need to add them again). */
  lastIp: string;
  lastNetId: number;
  first: LineRef;
  handle?: IncidentHandle;
}

export default defineLogCheck({
  meta: {
    id: 'logs/token-shared',
    title: 'Token used from many sources at once',
    severity: 'high',
    confidence: 'medium',
    domain: 'abuse',
    owasp: OWASP_AUTH,
    cwe: ['CWE-522'],
    description: 'A token is used from many networks within a few minutes, far more than during its baseline: a token shared beyond its owner or leaked and replayed from many machines.',
    remediation: 'Revoke and rotate the token, find where it leaked (repositories, client bundles, logs, tickets), issue one credential per client, and bind tokens to their client.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
      'https://attack.mitre.org/techniques/T1550/001/',
      'https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html#api-keys',
    ],
    messages: {
      manySources: 'Token {token} was used from {nets} networks ({ips} addresses) within {window}s; its baseline peak was {peak}.',
    },
  },
  defaults: { windowSeconds: 300, minNetworks: 5, factor: 3 },
  optionsSchema: {
    windowSeconds: posInt('length of the counting window'),
    minNetworks: posInt('distinct /24 or /64 networks in the window that can raise an incident'),
    factor: posInt('how many times its baseline peak of networks the token must exceed'),
  },
  create(o, env) {
    const windowMs = o.windowSeconds * 1000;
    const slot = env.slot();
    return {
      observe(e) {
        if (!e.tokenId) return;
        const p = env.profile(e);
        if (!p.mature) return;
        let s = p.slots[slot] as State | undefined;
        if (s === undefined) s = p.slots[slot] = { start: e.time, nets: new IdSet(256), ips: new HashSet(1024), lastIp: '', lastNetId: -1, first: lineRef(e) };
        if (e.time - s.start > windowMs) {
          s.start = e.time;
          s.nets.clear();
          s.ips.clear();
          s.lastIp = '';
          s.lastNetId = -1;
          markLine(s.first, e);
          s.handle = undefined;
        }
        if (e.ip !== s.lastIp) {
          s.ips.add(e.ip);
          s.lastIp = own(e.ip);
        }
        // adding the network of the previous use again would add nothing
        const added = e.netId !== s.lastNetId && s.nets.add(e.netId);
        s.lastNetId = e.netId;
        if (s.handle) {
          s.handle.extend(e);
          return;
        }
        if (!added || s.nets.size < o.minNetworks || s.nets.size <= p.peakNetworks * o.factor) return;
        s.handle = env.report({
          messageId: 'manySources',
          data: { token: e.tokenId, nets: s.nets.size, ips: s.ips.size, window: o.windowSeconds, peak: p.peakNetworks },
          principalKind: 'token',
          principal: e.tokenId,
          event: e,
          first: s.first,
          windowStart: s.start,
          counts: { networks: s.nets.size, addresses: s.ips.size, baselinePeakNetworks: p.peakNetworks },
          thresholds: { minNetworks: o.minNetworks, factor: o.factor },
        });
      },
    };
  },
});
