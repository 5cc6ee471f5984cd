import { defineLogCheck, OWASP_AUTH, posInt } from '../define.js';
import type { LineRef } from '../types.js';
import { BoundedMap, HashSet, lineRef, markLine } from '../state.js';

interface State {
  last: number;
  start: number;
  failures: number;
  sources: HashSet;
  first: LineRef;
}

export default defineLogCheck({
  meta: {
    id: 'logs/login-success-after-failures',
    title: 'Successful login after a run of failures (possible account takeover)',
    severity: 'critical',
    confidence: 'medium',
    domain: 'abuse',
    owasp: OWASP_AUTH,
    cwe: ['CWE-307'],
    description: 'An account logs in successfully right after many failed attempts: a guessing attack that may have found the password.',
    remediation: 'Treat the account as compromised until proven otherwise: revoke its sessions and tokens, force a password reset, confirm with the owner, and enforce MFA and lockout.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
      'https://attack.mitre.org/techniques/T1078/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#account-lockout',
    ],
    messages: {
      sameSource: 'Account {account} logged in from {ip} after {failures} failed attempts from that source within {window}s.',
      otherSource: 'Account {account} logged in from {ip} after {failures} failed attempts from {sources} other source(s) within {window}s.',
    },
  },
  defaults: { windowSeconds: 1800, minFailures: 6, maxTracked: 100_000 },
  optionsSchema: {
    windowSeconds: posInt('how far back failures count'),
    minFailures: posInt('failures before the success that raise an incident'),
    maxTracked: posInt('accounts tracked at once'),
  },
  create(o, env) {
    const windowMs = o.windowSeconds * 1000;
    const byAccount = new BoundedMap<State>(o.maxTracked, windowMs);
    return {
      observe(e) {
        if (!e.isLogin || !e.account) return;
        if (e.loginFailed) {
          let s = byAccount.get(e.account);
        if (s === undefined) s = byAccount.insert(e.account, e.time, { last: e.time, start: e.time, failures: 0, sources: new HashSet(64), first: lineRef(e) });
          if (e.time - s.start > windowMs) {
            s.start = e.time;
            s.failures = 0;
            s.sources.clear();
            markLine(s.first, e);
          }
          s.last = e.time;
          s.failures++;
          s.sources.add(e.ip);
          return;
        }
        if (!e.loginOk) return;
        const s = byAccount.get(e.account);
        if (!s || s.failures === 0) return;
        const recent = e.time - s.start <= windowMs;
        if (recent && s.failures >= o.minFailures) {
          const same = s.sources.has(e.ip);
          env.report({
            messageId: same ? 'sameSource' : 'otherSource',
            data: { account: e.account, ip: e.ip, failures: s.failures, window: o.windowSeconds, sources: s.sources.size },
            principalKind: 'account',
            principal: e.account,
            event: e,
            first: s.first,
            windowStart: s.start,
            counts: { failuresBeforeSuccess: s.failures, sources: s.sources.size },
            thresholds: { minFailures: o.minFailures },
          });
        }
        s.failures = 0;
        s.sources.clear();
      },
    };
  },
});
