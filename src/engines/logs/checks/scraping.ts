import { defineLogCheck, posInt } from '../define.js';
import type { IncidentHandle } from '../define.js';
import type { LineRef } from '../types.js';
import { BoundedMap, HashSet, lineRef, markLine } from '../state.js';

interface State {
  last: number;
  start: number;
  reads: number;
  paths: HashSet;
  /** Most reads in one earlier window without an incident. */
  norm: number;
  first: LineRef;
  handle?: IncidentHandle;
}

export default defineLogCheck({
  meta: {
    id: 'logs/scraping',
    title: 'Scraping far above the principal\'s norm',
    severity: 'medium',
    confidence: 'medium',
    domain: 'abuse',
    owasp: ['API6:2023'],
    cwe: ['CWE-799'],
    description: 'A principal (token, account or source) reads many distinct resources in a short window at a rate far above its own usual peak: data harvesting through the API.',
    remediation: 'Rate-limit reads per principal, cap page sizes, require authentication for bulk data, and watch for automated clients (device fingerprinting, CAPTCHA on anonymous bulk reads).',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa6-unrestricted-access-to-sensitive-business-flows/',
      'https://owasp.org/www-project-automated-threats-to-web-applications/assets/oats/EN/OAT-011_Scraping',
      'https://cwe.mitre.org/data/definitions/799.html',
    ],
    messages: {
      aboveNorm: '{principal} read {paths} distinct resources ({reads} reads) within {window}s, over {factor}x its usual peak of {norm}.',
      noNorm: '{principal} read {paths} distinct resources ({reads} reads) within {window}s with no earlier activity to compare.',
    },
  },
  defaults: { windowSeconds: 600, minPaths: 300, normFactor: 10, absolutePaths: 3000, maxTracked: 200_000 },
  optionsSchema: {
    windowSeconds: posInt('length of the counting window'),
    minPaths: posInt('distinct resources read that can raise an incident'),
    normFactor: posInt('how many times its usual peak a principal must exceed'),
    absolutePaths: posInt('distinct resources that raise an incident even while norms are learned'),
    maxTracked: posInt('principals tracked at once'),
  },
  create(o, env) {
    const windowMs = o.windowSeconds * 1000;
    const map = new BoundedMap<State>(o.maxTracked, 7 * 86_400_000);
    const cap = Math.max(o.minPaths, o.absolutePaths);
    return {
      observe(e) {
        if (e.method !== 'GET' || e.status >= 400 || e.isLogin) return;
        let s = map.getByNo(e.principal, e.principalNo, e.noEpoch);
        if (s === undefined) s = map.insert(e.principal, e.time, { last: e.time, start: e.time, reads: 0, paths: new HashSet(cap), norm: 0, first: lineRef(e) }, e.principalNo, e.noEpoch);
        if (e.time - s.start > windowMs) {
          if (!s.handle && s.reads > s.norm) s.norm = s.reads;
          s.start = e.time;
          s.reads = 0;
          s.paths.clear();
          markLine(s.first, e);
          s.handle = undefined;
        }
        s.last = e.time;
        s.reads++;
        s.paths.addKey(e.resourceKey);
        if (s.handle) {
          s.handle.extend(e);
          return;
        }
        if (s.paths.size < o.minPaths || s.reads <= s.norm * o.normFactor) return;
        const learned = e.time >= env.warmupUntil();
        if (!learned && s.paths.size < o.absolutePaths) return;
        s.handle = env.report({
          messageId: s.norm > 0 ? 'aboveNorm' : 'noNorm',
          data: { principal: e.principal, paths: s.paths.size, reads: s.reads, window: o.windowSeconds, factor: o.normFactor, norm: s.norm },
          principalKind: e.tokenId ? 'token' : e.account ? 'account' : 'source',
          principal: e.principal,
          event: e,
          first: s.first,
          windowStart: s.start,
          counts: { distinctResources: s.paths.size, reads: s.reads, usualPeak: s.norm },
          thresholds: { minPaths: o.minPaths, normFactor: o.normFactor, absolutePaths: o.absolutePaths },
        });
      },
    };
  },
});
