import type { SecurityRequirement } from '../../../surface/model.js';
import type { SpecPlace } from '../../../surface/refs.js';
import { defineSpecCheck } from '../define.js';

// Own keys only (as Object.keys and Object.values), without their arrays: a scheme named
// `__proto__` gives the model's requirement a prototype, whose keys for-in would list too.

/** A requirement that names no scheme (`{}`: anonymous access allowed). */
function isEmpty(r: SecurityRequirement): boolean {
  for (const k in r) if (Object.hasOwn(r, k)) return false;
  return true;
}

/** A requirement that asks for at least one scope. */
function hasScopes(r: SecurityRequirement): boolean {
  for (const k in r) if (Object.hasOwn(r, k) && r[k]!.length > 0) return true;
  return false;
}

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
    // Loops and one pass over the responses: no closures, key lists or place per operation.
    for (const a of doc.operations) {
      const sec = a.op.security;
      if (sec.length === 0 || sec.some(isEmpty)) continue;
      // A 4XX range or a default response answers for both codes.
      let any = false;
      let has401 = false;
      let has403 = false;
      const responses = a.op.responses;
      for (let i = 0; i < responses.length; i++) {
        const s = responses[i]!.status;
        if (s === 'default' || (s.length === 3 && s.toUpperCase() === '4XX')) any = true;
        else if (s === '401') has401 = true;
        else if (s === '403') has403 = true;
      }
      if (any) continue;
      let at: SpecPlace | undefined;
      if (!has401) report({ at: (at = { file: a.place.file, pointer: `${a.place.pointer}/responses` }), messageId: 'missing401', data: { op: a.label }, op: a, key: '401' });
      if (!has403 && (a.isAdmin || sec.some(hasScopes))) report({ at: at ?? { file: a.place.file, pointer: `${a.place.pointer}/responses` }, messageId: 'missing403', data: { op: a.label }, op: a, key: '403' });
    }
  },
});
