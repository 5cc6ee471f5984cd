import { defineSpecCheck } from '../define.js';

export default defineSpecCheck({
  meta: {
    id: 'spec/oauth-refresh-missing',
    title: 'OAuth flow without refresh URL (long-lived access tokens)',
    severity: 'low',
    confidence: 'low',
    domain: 'authentication',
    owasp: ['API2:2023'],
    cwe: ['CWE-613'],
    description:
      'An OAuth 2.0 flow that issues user tokens (authorization code, implicit, password) and declares no `refreshUrl` suggests long-lived access tokens: a stolen token stays valid for long. The client credentials flow is not reported: it has no refresh tokens by design (RFC 6749 section 4.4.3).',
    remediation: 'Issue short-lived access tokens with refresh tokens and declare the `refreshUrl` of the flow.',
    references: ['https://www.rfc-editor.org/rfc/rfc9700', 'https://spec.openapis.org/oas/v3.1.0#oauth-flow-object'],
    messages: { noRefresh: 'OAuth flow "{name}" declares no refreshUrl: access tokens are likely long-lived.' },
  },
  category: 'authentication',
  formats: ['3.0', '3.1'],
  given: ['$.components.securitySchemes[*].flows[authorizationCode,implicit,password]'],
  field: 'refreshUrl',
  assert: { fn: 'truthy' },
  messageId: 'noRefresh',
});
