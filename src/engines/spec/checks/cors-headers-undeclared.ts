import { defineSpecCheck } from '../define.js';

export default defineSpecCheck({
  meta: {
    id: 'spec/cors-headers-undeclared',
    title: 'Responses declare headers but no CORS policy',
    severity: 'low',
    confidence: 'low',
    domain: 'misconfiguration',
    owasp: ['API8:2023'],
    cwe: ['CWE-942'],
    description:
      'The operation documents its response headers, but none of them is `Access-Control-Allow-Origin`: the contract says nothing about which browser origins may call the API, so the CORS policy is left to framework defaults (often a reflected or wildcard origin). Operations whose responses declare no headers at all are not reported.',
    remediation: 'Declare the `Access-Control-Allow-Origin` header (with the allowed origins in its description or schema) on responses of browser-facing operations, or state that the API is not for browsers.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/', 'https://fetch.spec.whatwg.org/#http-cors-protocol'],
    messages: { noCors: '{op} documents response headers but no Access-Control-Allow-Origin.' },
  },
  category: 'misconfiguration',
  detect(doc, report) {
    for (const a of doc.operations) {
      const withHeaders = a.op.responses.filter((r) => r.headers.length > 0);
      if (withHeaders.length === 0) continue;
      if (a.op.responses.some((r) => r.headers.some((h) => h.toLowerCase() === 'access-control-allow-origin'))) continue;
      report({ at: { file: a.place.file, pointer: `${a.place.pointer}/responses` }, messageId: 'noCors', data: { op: a.label }, op: a });
    }
  },
});
