import { defineLogCheck, OWASP_AUTH, posInt, ratio } from '../define.js';
import type { IncidentHandle, PrincipalKind } from '../define.js';
import type { LineRef, LogEvent } from '../types.js';
import { BoundedMap, HashSet, lineRef, markLine, own } from '../state.js';

interface State {
  last: number;
  start: number;
  attempts: number;
  failures: number;
  accounts: HashSet;
  sources: HashSet;
  first: LineRef;
  handle?: IncidentHandle;
}

export default defineLogCheck({
  meta: {
    id: 'logs/credential-stuffing',
    title: 'Credential stuffing',
    severity: 'high',
    confidence: 'medium',
    domain: 'abuse',
    owasp: OWASP_AUTH,
    cwe: ['CWE-307'],
    description: 'Logins for many distinct accounts with a high failure ratio in a short window, from one source or from a cluster of sources that share a network or a client: the pattern of replaying leaked username and password pairs.',
    remediation: 'Rate-limit logins per source, network and client fingerprint; check passwords against known breached lists; require MFA; reset the passwords of accounts that logged in successfully during the attack.',
    references: [
      'https://owasp.org/www-community/attacks/Credential_stuffing',
      'https://cheatsheetseries.owasp.org/cheatsheets/Credential_Stuffing_Prevention_Cheat_Sheet.html',
      'https://attack.mitre.org/techniques/T1110/004/',
    ],
    messages: {
      fromSource: 'Source {cluster} tried {accounts} distinct accounts within {window}s; {failures} of {attempts} logins failed, {successes} succeeded.',
      fromNetwork: 'Network {cluster} ({sources} sources) tried {accounts} distinct accounts within {window}s; {failures} of {attempts} logins failed, {successes} succeeded.',
      fromClient: 'Client "{cluster}" from {sources} sources tried {accounts} distinct accounts within {window}s; {failures} of {attempts} logins failed, {successes} succeeded.',
    },
  },
  defaults: { windowSeconds: 600, minAccounts: 20, minFailureRatio: 0.8, minClusterSources: 3, maxTracked: 100_000 },
  optionsSchema: {
    windowSeconds: posInt('length of the counting window'),
    minAccounts: posInt('distinct accounts tried that raise an incident'),
    minFailureRatio: ratio('share of failed logins required'),
    minClusterSources: posInt('distinct sources a network or client cluster needs'),
    maxTracked: posInt('sources, networks and clients tracked at once'),
  },
  create(o, env) {
    const windowMs = o.windowSeconds * 1000;
    const map = new BoundedMap<State>(o.maxTracked, windowMs);
    const messageFor = { source: 'fromSource', network: 'fromNetwork', client: 'fromClient' } as const;
    const feed = (kind: 'source' | 'network' | 'client', cluster: string, e: LogEvent) => {
      const key = `${kind[0]}:${cluster}`;
      let s = map.get(key);
        if (s === undefined) s = map.insert(key, e.time, { last: e.time, start: e.time, attempts: 0, failures: 0, accounts: new HashSet(o.minAccounts), sources: new HashSet(o.minClusterSources), first: lineRef(e) });
      if (e.time - s.start > windowMs) {
        s.start = e.time;
        s.attempts = 0;
        s.failures = 0;
        s.accounts.clear();
        s.sources.clear();
        markLine(s.first, e);
        s.handle = undefined;
      }
      s.last = e.time;
      s.attempts++;
      if (e.loginFailed) s.failures++;
      s.accounts.add(e.account);
      s.sources.add(e.ip);
      if (s.handle) {
        s.handle.extend(e);
        return;
      }
      if (s.accounts.size < o.minAccounts || s.failures / s.attempts < o.minFailureRatio) return;
      if (kind !== 'source' && s.sources.size < o.minClusterSources) return;
      const successes = s.attempts - s.failures;
      s.handle = env.report({
        messageId: messageFor[kind],
        data: { cluster, accounts: s.accounts.size, window: o.windowSeconds, failures: s.failures, attempts: s.attempts, successes, sources: s.sources.size },
        principalKind: kind as PrincipalKind,
        principal: own(cluster),
        event: e,
        first: s.first,
        windowStart: s.start,
        counts: { accounts: s.accounts.size, failureRatio: Math.round((s.failures / s.attempts) * 1000) / 1000, sources: s.sources.size, successes },
        thresholds: { minAccounts: o.minAccounts, minFailureRatio: o.minFailureRatio, minClusterSources: o.minClusterSources },
      });
    };
    return {
      observe(e) {
        if (!e.isLogin || !e.account || !(e.loginFailed || e.loginOk)) return;
        feed('source', e.ip, e);
        feed('network', e.net, e);
        if (e.ua) feed('client', e.ua, e);
      },
    };
  },
});
