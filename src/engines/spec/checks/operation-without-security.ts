import { defineSpecCheck } from '../define.js';

export default defineSpecCheck({
  meta: {
    id: 'spec/operation-without-security',
    title: 'Operation has no security requirement',
    severity: 'high',
    confidence: 'medium',
    domain: 'authentication',
    owasp: ['API2:2023', 'API5:2023'],
    cwe: ['CWE-306'],
    description:
      'An operation that neither it nor the document protects with a security requirement can be called anonymously. Sign-in, sign-up, token, password-reset, health and discovery endpoints, and operations marked `x-rampart-public: true`, are exempt.',
    remediation:
      'Add a `security` requirement (at the top level or on the operation). If the operation is meant to be anonymous, say so with `x-rampart-public: true` on it.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/', 'https://spec.openapis.org/oas/v3.1.0#security-requirement-object'],
    messages: {
      noSecurity: '{op} has no security requirement: anyone can call it.',
      explicitNone: '{op} switches security off with `security: []`; mark it `x-rampart-public: true` if it is meant to be anonymous.',
    },
  },
  category: 'authentication',
  detect(doc, report) {
    for (const a of doc.operations) {
      if (a.op.security.length > 0 || a.isPublic || a.isAnonymousByNature) continue;
      const explicit = Array.isArray(a.raw.security);
      report({
        at: explicit ? { file: a.place.file, pointer: `${a.place.pointer}/security` } : a.place,
        messageId: explicit ? 'explicitNone' : 'noSecurity',
        data: { op: a.label },
        severity: a.isAdmin ? 'high' : explicit ? (a.isWrite ? 'medium' : 'low') : a.isWrite ? 'high' : 'medium',
        op: a,
      });
    }
  },
});
