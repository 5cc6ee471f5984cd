import type { ResponseSpec } from '../../../surface/model.js';
import { defineSpecCheck } from '../define.js';

const LIMIT_HEADERS = new Set(['ratelimit', 'ratelimit-limit', 'ratelimit-policy', 'x-ratelimit-limit', 'x-rate-limit-limit', 'x-ratelimit-remaining', 'x-rate-limit-remaining']);

/** Whether a header name (lower-cased) passes `test`. */
function hasHeader(headers: readonly string[], test: (lower: string) => boolean): boolean {
  for (let i = 0; i < headers.length; i++) if (test(headers[i]!.toLowerCase())) return true;
  return false;
}
const isLimitHeader = (h: string) => LIMIT_HEADERS.has(h);
const isRetryAfter = (h: string) => h === 'retry-after';

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
    // One pass over each operation's responses, with loops: no list of 2xx responses and no
    // closures per operation.
    for (const a of doc.operations) {
      if (a.op.method === 'HEAD' || a.op.method === 'OPTIONS') continue;
      const responses = a.op.responses;
      let firstOk: ResponseSpec | undefined;
      let limited = false;
      let tooMany: ResponseSpec | undefined;
      for (let i = 0; i < responses.length; i++) {
        const r = responses[i]!;
        if (r.status.charCodeAt(0) === 50 /* '2' */) {
          firstOk ??= r;
          if (!limited) limited = hasHeader(r.headers, isLimitHeader);
        } else if (tooMany === undefined && r.status === '429') tooMany = r;
      }
      if (firstOk && !limited) {
        const r = firstOk;
        report({ at: { file: r.file ?? doc.rootFile, pointer: r.pointer! }, messageId: 'noHeaders', data: { op: a.label }, op: a });
      }
      if (tooMany && !hasHeader(tooMany.headers, isRetryAfter)) {
        report({ at: { file: tooMany.file ?? doc.rootFile, pointer: tooMany.pointer! }, messageId: 'noRetryAfter', data: { op: a.label }, op: a });
      }
    }
  },
});
