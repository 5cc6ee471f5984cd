import { defineLogCheck, posInt } from '../define.js';
import type { IncidentHandle } from '../define.js';
import type { LineRef } from '../types.js';
import { lineRef, markLine } from '../state.js';

interface State {
  start: number;
  count: number;
  first: LineRef;
  handle?: IncidentHandle;
}

export default defineLogCheck({
  meta: {
    id: 'logs/token-volume-spike',
    title: 'Token request volume spike',
    severity: 'medium',
    confidence: 'medium',
    domain: 'abuse',
    owasp: ['API4:2023'],
    cwe: ['CWE-770'],
    description: 'A token makes many times more requests in 10 minutes than in its busiest 10 minutes of the baseline window: automation with a stolen token, a runaway client, or data extraction.',
    remediation: 'Rate-limit per token with quotas that match each client\'s real needs, alert the owner, and revoke the token if the traffic is not theirs.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/',
      'https://cwe.mitre.org/data/definitions/770.html',
      'https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html#rate-limiting',
    ],
    messages: {
      spike: 'Token {token} made {count} requests within 600s, {factor}x above its baseline peak of {peak}.',
    },
  },
  defaults: { minRequests: 200, factor: 10 },
  optionsSchema: {
    minRequests: posInt('requests in 10 minutes that can raise an incident'),
    factor: posInt('how many times its baseline peak the token must exceed'),
  },
  create(o, env) {
    const windowMs = 600_000;
    const slot = env.slot();
    return {
      observe(e) {
        if (!e.tokenId) return;
        const p = env.profile(e);
        if (!p.mature) return;
        let s = p.slots[slot] as State | undefined;
        if (s === undefined) s = p.slots[slot] = { start: e.time, count: 0, first: lineRef(e) };
        if (e.time - s.start > windowMs) {
          s.start = e.time;
          s.count = 0;
          markLine(s.first, e);
          s.handle = undefined;
        }
        s.count++;
        if (s.handle) {
          s.handle.extend(e);
          return;
        }
        if (s.count < o.minRequests || s.count <= p.peakVolume * o.factor) return;
        s.handle = env.report({
          messageId: 'spike',
          data: { token: e.tokenId, count: s.count, factor: o.factor, peak: p.peakVolume },
          principalKind: 'token',
          principal: e.tokenId,
          event: e,
          first: s.first,
          windowStart: s.start,
          counts: { requests: s.count, baselinePeak: p.peakVolume },
          thresholds: { minRequests: o.minRequests, factor: o.factor },
        });
      },
    };
  },
});
