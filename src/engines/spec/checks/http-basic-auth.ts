import { defineSpecCheck } from '../define.js';

const isBasic = (v: unknown) => {
  const s = v as { type?: unknown; scheme?: unknown } | null;
  return !!s && (s.type === 'basic' || (s.type === 'http' && typeof s.scheme === 'string' && s.scheme.toLowerCase() === 'basic'));
};

export default defineSpecCheck({
  meta: {
    id: 'spec/http-basic-auth',
    title: 'HTTP Basic authentication',
    severity: 'medium',
    confidence: 'high',
    domain: 'authentication',
    owasp: ['API2:2023'],
    cwe: ['CWE-522'],
    description:
      'HTTP Basic sends a reusable secret (a password or a long-lived key) with every request, base64-encoded, and gives no expiry, no scopes and no protection against brute force.',
    remediation: 'Use short-lived tokens (OAuth 2.0 or OpenID Connect bearer tokens) instead of Basic credentials.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/', 'https://www.rfc-editor.org/rfc/rfc7617'],
    messages: { basic: 'Security scheme "{name}" uses HTTP Basic: a reusable secret travels with every request.' },
  },
  category: 'authentication',
  given: ['$.components.securitySchemes[*]', '$.securityDefinitions[*]'],
  where: isBasic,
  assert: { fn: 'falsy' },
  messageId: 'basic',
});
