import type { HttpResponse } from '../../../http/types.js';
import { defineScanCheck } from '../define.js';
import { hasPersonalData, header, isSuccess, parseJson } from '../evaluate.js';

const meta = {
  id: 'scan/sensitive-response-cacheable',
  title: 'Authenticated personal data may be cached',
  severity: 'medium',
  confidence: 'medium',
  domain: 'data-exposure',
  owasp: ['API8:2023'],
  cwe: ['CWE-525'],
  description:
    'Reports authenticated responses that carry personal data (e-mail, phone, address, birth date...) without `Cache-Control: no-store`, so browsers and shared caches may keep them.',
  remediation: 'Send `Cache-Control: no-store` on every authenticated response with personal or account data.',
  references: [
    'https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html#security-headers',
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Cache-Control',
  ],
  messages: {
    cacheable: 'The response to {identity} carries personal data without `Cache-Control: no-store` (Cache-Control: {cacheControl}).',
  },
} as const;

/** True when an authenticated response with personal data may be stored. Pure. */
export function isCacheableSensitive(res: Pick<HttpResponse, 'headers' | 'status' | 'body'>): boolean {
  if (!isSuccess(res)) return false;
  const cc = (header(res, 'cache-control') ?? '').toLowerCase();
  if (/\bno-store\b/.test(cc)) return false;
  return hasPersonalData(parseJson(res.body));
}

export default defineScanCheck({
  meta,
  scope: 'operation',
  appliesTo: (op) => op.method === 'GET',
  plan: () => ({ requests: 0, writes: false }),
  async run(op, ctx, report) {
    if (ctx.identity === 'anonymous') return;
    const res = await ctx.baseline(op, ctx.identity);
    if (!res || !isCacheableSensitive(res)) return;
    // data the anonymous user sees too is not personal to the account
    const anon = await ctx.baseline(op, 'anonymous');
    if (anon && isSuccess(anon) && anon.body === res.body) return;
    report({
      messageId: 'cacheable',
      data: { identity: ctx.identity, cacheControl: header(res, 'cache-control') ?? '(none)' },
      exchanges: [{ response: res, label: 'authenticated baseline' }],
    });
  },
});
