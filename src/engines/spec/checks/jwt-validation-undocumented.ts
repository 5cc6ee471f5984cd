import { defineSpecCheck } from '../define.js';

/** A description that states how tokens are validated. */
const STATES_VALIDATION = /(rfc\s?8725|rfc\s?7519|\balg(orithm)?s?\b|\bexp(iry|iration|ires)?\b|\baudience\b|\baud\b|\bissuer\b|\biss\b|signature|signed|validat|verif|lifetime|expire)/i;

export default defineSpecCheck({
  meta: {
    id: 'spec/jwt-validation-undocumented',
    title: 'JWT bearer scheme states no validation rules',
    severity: 'low',
    confidence: 'medium',
    domain: 'authentication',
    owasp: ['API2:2023'],
    cwe: ['CWE-347'],
    description:
      'A bearer scheme with `bearerFormat: JWT` (or an OAuth 2.0 / OpenID Connect scheme) whose description says nothing about how tokens are checked: signature algorithms, issuer, audience, expiry (RFC 8725). Unstated rules are how `alg: none`, unchecked audiences and non-expiring tokens slip in.',
    remediation:
      'Describe the validation in the scheme: accepted algorithms, issuer, audience, maximum lifetime, and that RFC 8725 (JWT Best Current Practices) is followed.',
    references: ['https://www.rfc-editor.org/rfc/rfc8725', 'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/'],
    messages: { undocumented: 'Security scheme "{name}" uses JWTs but its description states no validation rules (algorithms, issuer, audience, expiry).' },
  },
  category: 'authentication',
  detect(doc, report) {
    for (const [name, s] of Object.entries(doc.securitySchemes)) {
      const jwt = (s.type === 'http' && s.scheme === 'bearer' && /jwt/i.test(s.bearerFormat ?? '')) || s.type === 'openIdConnect';
      if (!jwt) continue;
      if (STATES_VALIDATION.test(s.description ?? '')) continue;
      report({ at: { file: s.file ?? doc.rootFile, pointer: s.pointer! }, messageId: 'undocumented', data: { name } });
    }
  },
});
