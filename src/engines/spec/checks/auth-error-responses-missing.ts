import { defineSpecCheck } from '../define.js';

export default defineSpecCheck({
  meta: {
    id: 'spec/auth-error-responses-missing',
    title: 'Secured operation declares no 401/403 response',
    severity: 'low',
    confidence: 'medium',
    domain: 'misconfiguration',
    owasp: ['API8:2023'],
    cwe: ['CWE-755'],
    description:
      'An operation that requires credentials declares no `401 Unauthorized` response, or one that requires scopes or admin rights declares no `403 Forbidden` (a `4XX` range or `default` response counts). Without them, clients and tests do not know how refusals look, and negative authorization tests are never written. Anonymous operations are not reported.',
    remediation: 'Declare `401` on every secured operation and `403` where scopes or roles apply, with an error schema that reveals nothing about the resource.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/', 'https://www.rfc-editor.org/rfc/rfc9110#name-401-unauthorized'],
    messages: {
      missing401: '{op} requires credentials but declares no 401 response.',
      missing403: '{op} requires scopes or admin rights but declares no 403 response.',
    },
  },
  category: 'misconfiguration',
  detect(doc, report) {
    for (const a of doc.operations) {
      const sec = a.op.security;
      if (sec.length === 0 || sec.some((r) => Object.keys(r).length === 0)) continue;
      const has = (code: string) => a.op.responses.some((r) => r.status === code || r.status.toUpperCase() === '4XX' || r.status === 'default');
      const at = { file: a.place.file, pointer: `${a.place.pointer}/responses` };
      if (!has('401')) report({ at, messageId: 'missing401', data: { op: a.label }, op: a, key: '401' });
      const scoped = sec.some((r) => Object.values(r).some((scopes) => scopes.length > 0));
      if ((scoped || a.isAdmin) && !has('403')) report({ at, messageId: 'missing403', data: { op: a.label }, op: a, key: '403' });
    }
  },
});
