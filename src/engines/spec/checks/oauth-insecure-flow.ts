import { defineSpecCheck } from '../define.js';

const FLOWS_3: Record<string, string> = { implicit: 'implicit', password: 'password' };

export default defineSpecCheck({
  meta: {
    id: 'spec/oauth-insecure-flow',
    title: 'OAuth 2.0 implicit or password flow',
    severity: 'medium',
    confidence: 'high',
    domain: 'authentication',
    owasp: ['API2:2023'],
    cwe: ['CWE-522'],
    description:
      'The OAuth 2.0 Security Best Current Practice (RFC 9700) deprecates the implicit grant (tokens in URL fragments, no sender binding) and the resource owner password grant (the client sees the user\'s password).',
    remediation: 'Use the authorization code flow with PKCE for user-facing clients and client credentials for machine clients.',
    references: ['https://www.rfc-editor.org/rfc/rfc9700', 'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/'],
    messages: { flow: 'Security scheme "{name}" offers the deprecated OAuth 2.0 {flow} flow.' },
  },
  category: 'authentication',
  detect(doc, report) {
    for (const [name, s] of Object.entries(doc.securitySchemes)) {
      if (s.type !== 'oauth2' || !s.flows) continue;
      for (const flow of Object.keys(s.flows)) {
        if (!FLOWS_3[flow]) continue;
        const pointer = doc.version === '2.0' ? `${s.pointer}/flow` : `${s.pointer}/flows/${flow}`;
        report({ at: { file: s.file ?? doc.rootFile, pointer }, messageId: 'flow', data: { name, flow } });
      }
    }
  },
});
