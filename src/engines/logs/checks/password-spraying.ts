import { defineLogCheck, OWASP_AUTH, posInt, ratio } from '../define.js';
import type { IncidentHandle } from '../define.js';
import type { LineRef } from '../types.js';
import { BoundedMap, CappedCounter, lineRef, markLine } from '../state.js';

interface State {
  last: number;
  start: number;
  attempts: number;
  failures: number;
  perAccount: CappedCounter;
  maxPerAccount: number;
  first: LineRef;
  handle?: IncidentHandle;
}

export default defineLogCheck({
  meta: {
    id: 'logs/password-spraying',
    title: 'Password spraying across many accounts',
    severity: 'high',
    confidence: 'medium',
    domain: 'abuse',
    owasp: OWASP_AUTH,
    cwe: ['CWE-307'],
    description: 'One source tries a few passwords against each of many accounts, staying under per-account lockout thresholds, and nearly every attempt fails.',
    remediation: 'Throttle logins per source and per network as well as per account, block common passwords at sign-up and change, require MFA, and review the accounts attempted for a later successful login.',
    references: [
      'https://owasp.org/www-community/attacks/Password_Spraying_Attack',
      'https://attack.mitre.org/techniques/T1110/003/',
      'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
    ],
    messages: {
      spraying: 'Source {ip} tried {accounts} accounts with at most {perAccount} attempts each within {window}s; {failures} of {attempts} attempts failed.',
      sprayingWithSuccess: 'Source {ip} tried {accounts} accounts with at most {perAccount} attempts each within {window}s; {failures} of {attempts} failed and {successes} succeeded.',
    },
  },
  defaults: { windowSeconds: 3600, minAccounts: 10, maxAttemptsPerAccount: 3, minFailureRatio: 0.9, maxTracked: 100_000 },
  optionsSchema: {
    windowSeconds: posInt('length of the counting window'),
    minAccounts: posInt('distinct accounts tried from one source that raise an incident'),
    maxAttemptsPerAccount: posInt('more attempts on one account than this is brute force, not spraying'),
    minFailureRatio: ratio('share of failed attempts required'),
    maxTracked: posInt('sources tracked at once'),
  },
  create(o, env) {
    const windowMs = o.windowSeconds * 1000;
    const bySource = new BoundedMap<State>(o.maxTracked, windowMs);
    // One incident per network and window: sources of one /24 spraying together are one campaign.
    const byNetwork = new BoundedMap<{ last: number; start: number; handle: IncidentHandle }>(o.maxTracked, windowMs);
    return {
      observe(e) {
        if (!e.isLogin || !e.account || !(e.loginFailed || e.loginOk)) return;
        let s = bySource.get(e.ip);
        if (s === undefined) s = bySource.insert(e.ip, e.time, { last: e.time, start: e.time, attempts: 0, failures: 0, perAccount: new CappedCounter(o.minAccounts * 4), maxPerAccount: 0, first: lineRef(e) });
        if (e.time - s.start > windowMs) {
          s.start = e.time;
          s.attempts = 0;
          s.failures = 0;
          s.perAccount.clear();
          s.maxPerAccount = 0;
          markLine(s.first, e);
          s.handle = undefined;
        }
        s.last = e.time;
        s.attempts++;
        if (e.loginFailed) s.failures++;
        const n = s.perAccount.inc(e.account);
        if (n > s.maxPerAccount) s.maxPerAccount = n;
        if (s.handle) {
          s.handle.extend(e);
          return;
        }
        if (s.perAccount.size < o.minAccounts || s.maxPerAccount > o.maxAttemptsPerAccount) return;
        if (s.failures / s.attempts < o.minFailureRatio) return;
        const campaign = byNetwork.get(e.net);
        if (campaign && e.time - campaign.start <= windowMs) {
          campaign.last = e.time;
          campaign.handle.extend(e);
          s.handle = campaign.handle;
          return;
        }
        const successes = s.attempts - s.failures;
        const data = { ip: e.ip, accounts: s.perAccount.size, perAccount: s.maxPerAccount, window: o.windowSeconds, failures: s.failures, attempts: s.attempts, successes };
        s.handle = env.report({
          messageId: successes > 0 ? 'sprayingWithSuccess' : 'spraying',
          data,
          principalKind: 'source',
          principal: e.ip,
          event: e,
          first: s.first,
          windowStart: s.start,
          counts: { accounts: s.perAccount.size, maxAttemptsPerAccount: s.maxPerAccount, failureRatio: round(s.failures / s.attempts) },
          thresholds: { minAccounts: o.minAccounts, maxAttemptsPerAccount: o.maxAttemptsPerAccount, minFailureRatio: o.minFailureRatio },
        });
        if (campaign) {
          campaign.start = e.time;
          campaign.last = e.time;
          campaign.handle = s.handle;
        } else byNetwork.insert(e.net, e.time, { last: e.time, start: e.time, handle: s.handle });
      },
    };
  },
});

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
