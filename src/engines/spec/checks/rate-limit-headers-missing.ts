import { defineSpecCheck } from '../define.js';

const LIMIT_HEADERS = new Set(['ratelimit', 'ratelimit-limit', 'ratelimit-policy', 'x-ratelimit-limit', 'x-rate-limit-limit', 'x-ratelimit-remaining', 'x-rate-limit-remaining']);

export default defineSpecCheck({
  meta: {
    id: 'spec/rate-limit-headers-missing',
    title: 'Rate-limit headers not declared',
    severity: 'low',
    confidence: 'low',
    domain: 'misconfiguration',
    owasp: ['API4:2023'],
    cwe: ['CWE-770'],
    description:
      'No successful response of the operation declares rate-limit headers (`RateLimit`, `RateLimit-Limit`, `X-RateLimit-Limit`), or its 429 response declares no `Retry-After`: clients cannot pace themselves and the limits are not part of the contract.',
    remediation: 'Declare `RateLimit`/`RateLimit-Policy` (or `X-RateLimit-*`) headers on successful responses and `Retry-After` on 429 responses.',
    references: ['https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/', 'https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/'],
    messages: {
      noHeaders: '{op} declares no rate-limit headers on its successful responses.',
      noRetryAfter: 'The 429 response of {op} declares no Retry-After header.',
    },
  },
  category: 'resource-consumption',
  detect(doc, report) {
    for (const a of doc.operations) {
      if (a.op.method === 'HEAD' || a.op.method === 'OPTIONS') continue;
      const ok = a.op.responses.filter((r) => /^2/.test(r.status));
      if (ok.length > 0 && !ok.some((r) => r.headers.some((h) => LIMIT_HEADERS.has(h.toLowerCase())))) {
        const r = ok[0]!;
        report({ at: { file: r.file ?? doc.rootFile, pointer: r.pointer! }, messageId: 'noHeaders', data: { op: a.label }, op: a });
      }
      const tooMany = a.op.responses.find((r) => r.status === '429');
      if (tooMany && !tooMany.headers.some((h) => h.toLowerCase() === 'retry-after')) {
        report({ at: { file: tooMany.file ?? doc.rootFile, pointer: tooMany.pointer! }, messageId: 'noRetryAfter', data: { op: a.label }, op: a });
      }
    }
  },
});
