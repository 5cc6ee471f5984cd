import { defineSpecCheck } from '../define.js';

export default defineSpecCheck({
  meta: {
    id: 'spec/rate-limit-response-missing',
    title: 'No 429 response declared',
    severity: 'low',
    confidence: 'low',
    domain: 'misconfiguration',
    owasp: ['API4:2023'],
    cwe: ['CWE-770'],
    description:
      'The operation declares no `429 Too Many Requests` response (nor a `4XX` range): nothing in the contract says the API limits request rates, which is how brute force, scraping and cost-inflation attacks go unchecked.',
    remediation: 'Rate-limit the API and document it: a `429` response with a `Retry-After` header on every operation (a shared `components/responses` entry keeps it short).',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/', 'https://www.rfc-editor.org/rfc/rfc6585#section-4'],
    messages: { no429: '{op} declares no 429 (Too Many Requests) response.' },
  },
  category: 'resource-consumption',
  detect(doc, report) {
    for (const a of doc.operations) {
      if (a.op.method === 'HEAD' || a.op.method === 'OPTIONS') continue;
      if (a.op.responses.some((r) => r.status === '429' || r.status.toUpperCase() === '4XX')) continue;
      report({ at: { file: a.place.file, pointer: `${a.place.pointer}/responses` }, messageId: 'no429', data: { op: a.label }, op: a });
    }
  },
});
