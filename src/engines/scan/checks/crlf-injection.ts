import { injectionScanCheck } from '../injection/adapter.js';
import { defineInjectionCheck } from '../injection/check.js';
import { canary } from '../injection/canary.js';
import { applyMutation, describePoint } from '../injection/points.js';
import { toEvidence, type Exchange } from '../injection/probe.js';

const meta = {
  id: 'scan/crlf-injection',
  title: 'CRLF injection in response headers',
  severity: 'medium',
  confidence: 'high',
  domain: 'injection',
  owasp: [],
  cwe: ['CWE-113', 'CWE-93'],
  description:
    'Sends a carriage return and line feed followed by a random header name; a response that carries that header shows input written into response headers unencoded (response splitting, cookie injection, cache poisoning).',
  remediation:
    'Never write raw input into response headers: percent-encode it (redirect targets), reject CR and LF, and use a framework that refuses header values containing them.',
  references: [
    'https://cwe.mitre.org/data/definitions/113.html',
    'https://owasp.org/www-community/vulnerabilities/CRLF_Injection',
  ],
  messages: {
    headerInjected: '{place} is written into a response header unencoded: CRLF plus "{header}: 1" created that header.',
  },
} as const;

const FORMS: readonly { readonly name: string; build(o: string, line: string): string; readonly raw?: boolean }[] = [
  { name: 'CRLF', build: (o, l) => `${o}\r\n${l}` },
  { name: 'LF', build: (o, l) => `${o}\n${l}` },
  { name: 'encoded CRLF', build: (o, l) => `${o}%0d%0a${l}`, raw: true },
];

export default injectionScanCheck(
  defineInjectionCheck({
  meta,
  places: ['path', 'query', 'form', 'body', 'cookie'],
  accepts: (p) => p.jsonType === undefined || p.jsonType === 'string',
  async testPoint(ctx) {
    for (const f of FORMS) {
      if (f.raw && ctx.point.in !== 'path') continue;
      const hits: { ex: Exchange; header: string; payload: string }[] = [];
      for (let i = 0; i < 2; i++) {
        const header = `x-${canary(ctx.random, 8)}`;
        const payload = f.build(ctx.point.original, `${header}: 1`);
        const ex = await ctx.prober.must(applyMutation(ctx.base, ctx.point, { kind: 'value', value: payload }, { rawPath: f.raw === true }));
        if (!ex.outcome.ok || ex.outcome.headers[header] === undefined) break;
        hits.push({ ex, header, payload });
      }
      if (hits.length < 2) continue;
      const h = hits[0]!;
      return {
        messageId: 'headerInjected',
        data: { place: describePoint(ctx.point), header: h.header },
        title: `CRLF injection in ${describePoint(ctx.point)}`,
        evidence: {
          summary: `A ${f.name} sequence created the response header ${h.header}; a second random header name confirmed it.`,
          payload: JSON.stringify(h.payload),
          exchanges: [toEvidence(h.ex, 'probe'), toEvidence(hits[1]!.ex, 'confirmation')],
          data: { sequence: f.name },
        },
      };
    }
    return undefined;
  },
}),
);
