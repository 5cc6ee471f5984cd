import { injectionScanCheck } from '../injection/adapter.js';
import { defineInjectionCheck, type InjectionResult, type OperationContext } from '../injection/check.js';
import { canary } from '../injection/canary.js';
import { toEvidence, type Exchange } from '../injection/probe.js';

const meta = {
  id: 'scan/host-header-injection',
  title: 'Host header injection',
  severity: 'medium',
  confidence: 'high',
  domain: 'injection',
  owasp: ['API8:2023'],
  cwe: ['CWE-644', 'CWE-601'],
  description:
    'Sends a random host name in `Host`, `X-Forwarded-Host`, `Forwarded` and a random scheme in `X-Forwarded-Proto`, and reports responses that build absolute links or redirects from it (the password-reset poisoning case).',
  remediation:
    'Build absolute URLs from a configured public base URL, not from request headers; if a proxy sets forwarded headers, trust them only from that proxy and check them against an allow-list of hosts.',
  references: [
    'https://cwe.mitre.org/data/definitions/644.html',
    'https://portswigger.net/web-security/host-header',
    'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/17-Testing_for_Host_Header_Injection',
  ],
  messages: {
    reflectedHost: 'The {header} header is trusted to build {where}: a random host sent in it came back as {value}.',
  },
} as const;

type Variant = { readonly header: string; headers(c: string): Record<string, string>; pattern(c: string): RegExp; value(c: string): string };

const VARIANTS: readonly Variant[] = [
  { header: 'X-Forwarded-Host', headers: (c) => ({ 'x-forwarded-host': `${c}.example` }), pattern: (c) => new RegExp(`//${c}\\.example`, 'i'), value: (c) => `//${c}.example` },
  { header: 'Forwarded', headers: (c) => ({ forwarded: `host=${c}.example;proto=https` }), pattern: (c) => new RegExp(`//${c}\\.example`, 'i'), value: (c) => `//${c}.example` },
  { header: 'Host', headers: (c) => ({ host: `${c}.example` }), pattern: (c) => new RegExp(`//${c}\\.example`, 'i'), value: (c) => `//${c}.example` },
  { header: 'X-Forwarded-Proto', headers: (c) => ({ 'x-forwarded-proto': c }), pattern: (c) => new RegExp(`\\b${c}://`, 'i'), value: (c) => `${c}://` },
];

function where(ex: Exchange, re: RegExp): string | undefined {
  if (!ex.outcome.ok) return undefined;
  if (re.test(ex.outcome.headers['location'] ?? '')) return 'the Location redirect';
  for (const [k, v] of Object.entries(ex.outcome.headers)) if (k !== 'location' && re.test(v)) return `the ${k} header`;
  if (re.test(ex.outcome.body)) return 'links in the response body';
  return undefined;
}

export default injectionScanCheck(
  defineInjectionCheck({
  meta,
  places: ['header'],
  async testOperation(ctx: OperationContext): Promise<InjectionResult[]> {
    for (const v of VARIANTS) {
      const hits: { ex: Exchange; where: string; c: string }[] = [];
      for (let i = 0; i < 2; i++) {
        const c = canary(ctx.random, 8);
        const ex = await ctx.prober.must({ ...ctx.base, headers: { ...ctx.base.headers, ...v.headers(c) } });
        const w = where(ex, v.pattern(c));
        if (!w) break;
        hits.push({ ex, where: w, c });
      }
      if (hits.length < 2) continue;
      const h = hits[0]!;
      return [
        {
          messageId: 'reflectedHost',
          data: { header: v.header, where: h.where, value: v.value(h.c) },
          title: `Host header injection via ${v.header}`,
          point: { in: 'header', name: v.header },
          evidence: {
            summary: `${v.header}: ${Object.values(v.headers(h.c))[0]} was used to build ${h.where}; a second random value confirmed it.`,
            payload: `${v.header}: ${Object.values(v.headers(h.c))[0]}`,
            exchanges: [toEvidence(h.ex, 'probe', h.c), toEvidence(hits[1]!.ex, 'confirmation', hits[1]!.c)],
            data: { header: v.header },
          },
        },
      ];
    }
    return [];
  },
}),
);
