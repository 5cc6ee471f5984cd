import type { HttpResponse } from '../../../http/types.js';
import type { Operation } from '../../../surface/model.js';
import { defineScanCheck } from '../define.js';
import { header, isHtml, isSuccess } from '../evaluate.js';

const meta = {
  id: 'scan/security-headers-missing',
  title: 'Security headers missing for the response type',
  severity: 'low',
  confidence: 'high',
  domain: 'misconfiguration',
  owasp: ['API8:2023'],
  cwe: ['CWE-693'],
  description:
    'Judges the headers of each successful response by its type: HSTS on HTTPS, `X-Content-Type-Options: nosniff` on every body, and a Content-Security-Policy and framing protection on HTML.',
  remediation:
    'Set the headers in one middleware: `Strict-Transport-Security` on HTTPS, `X-Content-Type-Options: nosniff` everywhere, and on HTML pages a `Content-Security-Policy` with `frame-ancestors` (or `X-Frame-Options: DENY`).',
  references: [
    'https://owasp.org/www-project-secure-headers/',
    'https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html#security-headers',
  ],
  messages: {
    hsts: 'HTTPS responses lack Strict-Transport-Security ({count} operation(s), e.g. {example}).',
    nosniff: 'Responses lack `X-Content-Type-Options: nosniff` ({count} operation(s), e.g. {example}).',
    csp: 'HTML responses lack a Content-Security-Policy ({count} operation(s), e.g. {example}).',
    framing: 'HTML responses can be framed: no `frame-ancestors` and no X-Frame-Options ({count} operation(s), e.g. {example}).',
  },
} as const;

export type HeaderProblem = 'hsts' | 'nosniff' | 'csp' | 'framing';

/** The header problems of one response. Pure. */
export function headerProblems(res: Pick<HttpResponse, 'headers' | 'status' | 'url' | 'size'>): HeaderProblem[] {
  if (!isSuccess(res)) return [];
  const out: HeaderProblem[] = [];
  if (res.url.startsWith('https:') && !header(res, 'strict-transport-security')) out.push('hsts');
  if (res.size > 0 && (header(res, 'x-content-type-options') ?? '').trim().toLowerCase() !== 'nosniff') out.push('nosniff');
  if (isHtml(res)) {
    const csp = header(res, 'content-security-policy') ?? '';
    if (!csp) out.push('csp');
    if (!/frame-ancestors/i.test(csp) && !/^(deny|sameorigin)$/i.test((header(res, 'x-frame-options') ?? '').trim())) out.push('framing');
  }
  return out;
}

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: 0, writes: false }),
  async run(ctx, report) {
    // Uses only the shared baselines; one finding per header problem, listing how many operations show it.
    const seen = new Map<HeaderProblem, { op: Operation; res: HttpResponse; count: number }>();
    for (const op of ctx.surface.operations) {
      const res = await ctx.baseline(op);
      if (!res) continue;
      for (const p of headerProblems(res)) {
        const e = seen.get(p);
        if (e) e.count++;
        else seen.set(p, { op, res, count: 1 });
      }
    }
    for (const [p, e] of seen) {
      report({
        op: e.op,
        messageId: p,
        data: { count: e.count, example: e.op.key },
        key: p,
        severity: p === 'hsts' || p === 'csp' ? 'medium' : 'low',
        facts: { operations: e.count },
        exchanges: [{ response: e.res, label: 'baseline' }],
      });
    }
  },
});
