import { defineSpecCheck } from '../define.js';

export default defineSpecCheck({
  meta: {
    id: 'spec/insecure-auth-scheme',
    title: 'Weak or deprecated HTTP authentication scheme',
    severity: 'medium',
    confidence: 'high',
    domain: 'authentication',
    owasp: ['API2:2023'],
    cwe: ['CWE-327'],
    description:
      'HTTP authentication schemes `digest` (MD5-based), `negotiate` (Kerberos/NTLM, often falling back to NTLM) and `oauth` (OAuth 1.0 signatures) are deprecated or weak for APIs.',
    remediation: 'Use bearer tokens from OAuth 2.0 / OpenID Connect, or mutual TLS.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/', 'https://www.iana.org/assignments/http-authschemes/http-authschemes.xhtml'],
    messages: { weak: 'Security scheme "{name}" uses the weak or deprecated HTTP scheme "{value}".' },
  },
  category: 'authentication',
  given: ['$.components.securitySchemes[*]'],
  where: (v) => !!v && (v as { type?: unknown }).type === 'http',
  field: 'scheme',
  assert: { fn: 'pattern', options: { notMatch: '^(digest|negotiate|oauth|ntlm)$', flags: 'i' } },
  messageId: 'weak',
});
