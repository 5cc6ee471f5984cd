import { defineSpecCheck } from '../define.js';

/** Loopback traffic never crosses a network: http there is not a transport risk. */
const LOOPBACK = /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/i;
const METHODS = 'get,put,post,delete,options,head,patch,trace';

export default defineSpecCheck({
  meta: {
    id: 'spec/server-url-plain-http',
    title: 'Server URL uses plain HTTP',
    severity: 'high',
    confidence: 'high',
    domain: 'misconfiguration',
    owasp: ['API8:2023'],
    cwe: ['CWE-319'],
    description: 'A server of the API is reached over plain HTTP: credentials, tokens and data cross the network unencrypted and can be read or changed on the way. Loopback addresses are not reported.',
    remediation: 'Serve the API over HTTPS only (and redirect or refuse plain HTTP); list `https://` servers.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/', 'https://cwe.mitre.org/data/definitions/319.html'],
    messages: { plainHttp: 'Server {value} is not served over HTTPS.' },
  },
  category: 'misconfiguration',
  formats: ['3.0', '3.1'],
  given: ['$.servers[*].url', '$.paths[*].servers[*].url', `$.paths[*][${METHODS}].servers[*].url`],
  where: (v) => typeof v === 'string' && !LOOPBACK.test(v),
  assert: { fn: 'pattern', options: { notMatch: '^(http|ws)://', flags: 'i' } },
  messageId: 'plainHttp',
});
