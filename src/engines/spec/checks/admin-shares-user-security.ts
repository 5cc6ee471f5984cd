import type { SecurityRequirement } from '../../../surface/model.js';
import { defineSpecCheck } from '../define.js';

/** A canonical text of a requirement list: schemes and scopes, order-independent. */
function key(security: readonly SecurityRequirement[]): string {
  return security
    .map((req) =>
      Object.keys(req)
        .sort()
        .map((s) => `${s}[${[...req[s]!].sort().join(' ')}]`)
        .join('+'),
    )
    .sort()
    .join('|');
}

export default defineSpecCheck({
  meta: {
    id: 'spec/admin-shares-user-security',
    title: 'Admin operation has the same security requirement as user operations',
    severity: 'medium',
    confidence: 'low',
    domain: 'authorization',
    owasp: ['API5:2023'],
    cwe: ['CWE-285'],
    description:
      'An administrative operation (an `admin` path segment, tag or operationId) whose security requirement (schemes and scopes) is exactly that of ordinary operations: the document gives no sign that a regular user\'s credentials are refused, so function-level authorization rests entirely on code nobody can see from the contract.',
    remediation:
      'Require an admin scope (`oauth2: [admin]`) or a separate scheme for administrative operations, so the contract, gateways and tests can tell them apart.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/', 'https://cwe.mitre.org/data/definitions/285.html'],
    messages: { shared: '{op} is an admin operation but requires exactly what the user operation {other} requires.' },
  },
  category: 'authorization',
  detect(doc, report) {
    // Operations that inherit the document's security share one list: its key is made once.
    const keys = new Map<readonly SecurityRequirement[], string>();
    const keyOf = (security: readonly SecurityRequirement[]) => {
      let k = keys.get(security);
      if (k === undefined) keys.set(security, (k = key(security)));
      return k;
    };
    const byKey = new Map<string, string>();
    for (const a of doc.operations) {
      if (a.isAdmin || a.op.security.length === 0) continue;
      const k = keyOf(a.op.security);
      if (!byKey.has(k)) byKey.set(k, a.label);
    }
    for (const a of doc.operations) {
      if (!a.isAdmin || a.op.security.length === 0) continue;
      const other = byKey.get(keyOf(a.op.security));
      if (other === undefined) continue;
      const own = Array.isArray(a.raw.security);
      report({ at: own ? { file: a.place.file, pointer: `${a.place.pointer}/security` } : a.place, messageId: 'shared', data: { op: a.label, other }, op: a });
    }
  },
});
