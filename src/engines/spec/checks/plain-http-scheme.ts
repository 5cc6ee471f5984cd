import { defineSpecCheck } from '../define.js';

export default defineSpecCheck({
  meta: {
    id: 'spec/plain-http-scheme',
    title: 'Swagger 2.0 scheme is plain HTTP',
    severity: 'high',
    confidence: 'high',
    domain: 'misconfiguration',
    owasp: ['API8:2023'],
    cwe: ['CWE-319'],
    description: 'The Swagger 2.0 `schemes` list offers `http` (or `ws`): the API is reachable without TLS, so credentials and data can be read or changed on the network.',
    remediation: 'List only `https` (and `wss`) in `schemes`, and refuse plain HTTP at the server.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/', 'https://swagger.io/specification/v2/#swagger-object'],
    messages: { plainScheme: 'The API is offered over the unencrypted scheme "{value}".' },
  },
  category: 'misconfiguration',
  formats: ['2.0'],
  given: '$.schemes[*]',
  assert: { fn: 'enumeration', options: { values: ['https', 'wss'] } },
  messageId: 'plainScheme',
});
