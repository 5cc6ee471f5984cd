import { defineSpecCheck } from '../define.js';

export default defineSpecCheck({
  meta: {
    id: 'spec/api-key-in-url',
    title: 'API key sent in the URL',
    severity: 'high',
    confidence: 'high',
    domain: 'authentication',
    owasp: ['API2:2023'],
    cwe: ['CWE-598'],
    description:
      'An `apiKey` security scheme read from the query string or the path puts the key in URLs, which end up in server and proxy logs, browser history and Referer headers.',
    remediation: 'Send API keys in a header (`in: header`), or move to short-lived bearer tokens.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/', 'https://cwe.mitre.org/data/definitions/598.html'],
    messages: { inUrl: 'Security scheme "{name}" takes its API key from the {value}: keys in URLs leak into logs.' },
  },
  category: 'authentication',
  given: ['$.components.securitySchemes[*]', '$.securityDefinitions[*]'],
  where: (v) => !!v && (v as { type?: unknown }).type === 'apiKey',
  field: 'in',
  assert: { fn: 'pattern', options: { notMatch: '^(query|path)$' } },
  messageId: 'inUrl',
  data: (m) => ({ name: m.key, value: String((m.value as { in?: unknown }).in) }),
});
