import { defineLogCheck, OWASP_AUTH, posInt } from '../define.js';
import type { IncidentHandle } from '../define.js';
import type { LineRef } from '../types.js';
import { BoundedMap, HashSet, lineRef, markLine } from '../state.js';

interface State {
  last: number;
  start: number;
  failures: number;
  sources: HashSet;
  first: LineRef;
  handle?: IncidentHandle;
}

export default defineLogCheck({
  meta: {
    id: 'logs/brute-force',
    title: 'Password brute force on an account',
    severity: 'high',
    confidence: 'high',
    domain: 'abuse',
    owasp: OWASP_AUTH,
    cwe: ['CWE-307'],
    description: 'Many failed logins for one account within a short window, from one source or spread over many sources (distributed), or many failed logins from one source when the log does not name the account.',
    remediation: 'Throttle and lock out per account and per source (with exponential back-off and CAPTCHA), alert on repeated failures, require MFA, and check whether the account later logged in successfully.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks',
      'https://attack.mitre.org/techniques/T1110/001/',
    ],
    messages: {
      oneSource: 'Account {account} had {failures} failed logins within {window}s from {sources} source(s), e.g. {ip}.',
      distributed: 'Account {account} had {failures} failed logins within {window}s from {sources} different sources (distributed brute force).',
      unknownAccount: 'Source {ip} made {failures} failed login requests within {window}s (the log does not name the accounts).',
    },
  },
  defaults: { windowSeconds: 600, maxFailures: 20, distributedSources: 5, maxTracked: 100_000 },
  optionsSchema: {
    windowSeconds: posInt('length of the counting window'),
    maxFailures: posInt('failed logins in the window that raise an incident'),
    distributedSources: posInt('distinct sources that make it a distributed attack'),
    maxTracked: posInt('accounts and sources tracked at once'),
  },
  create(o, env) {
    const windowMs = o.windowSeconds * 1000;
    const byKey = new BoundedMap<State>(o.maxTracked, windowMs);
    return {
      observe(e) {
        if (!e.loginFailed) return;
        const key = e.account ? `a:${e.account}` : `s:${e.ip}`;
        let s = byKey.get(key);
        if (s === undefined) s = byKey.insert(key, e.time, { last: e.time, start: e.time, failures: 0, sources: new HashSet(64), first: lineRef(e) });
        if (e.time - s.start > windowMs) {
          s.start = e.time;
          s.failures = 0;
          s.sources.clear();
          markLine(s.first, e);
          s.handle = undefined;
        }
        s.last = e.time;
        s.failures++;
        s.sources.add(e.ip);
        if (s.handle) {
          s.handle.extend(e);
          return;
        }
        if (s.failures < o.maxFailures) return;
        const counts = { failures: s.failures, sources: s.sources.size };
        const thresholds = { failures: o.maxFailures, distributedSources: o.distributedSources };
        const base = { event: e, first: s.first, windowStart: s.start, counts, thresholds };
        const data = { account: e.account, failures: s.failures, window: o.windowSeconds, sources: s.sources.size, ip: e.ip };
        if (!e.account) {
          s.handle = env.report({ ...base, messageId: 'unknownAccount', data, principalKind: 'source', principal: e.ip, confidence: 'medium' });
        } else if (s.sources.size >= o.distributedSources) {
          s.handle = env.report({ ...base, messageId: 'distributed', data, principalKind: 'account', principal: e.account, confidence: 'medium' });
        } else {
          s.handle = env.report({ ...base, messageId: 'oneSource', data, principalKind: 'account', principal: e.account });
        }
      },
    };
  },
});
