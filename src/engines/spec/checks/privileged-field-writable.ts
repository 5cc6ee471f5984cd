import { defineSpecCheck } from '../define.js';
import { eachSchema } from '../doc.js';
import { privilegedLevel } from '../names.js';

export default defineSpecCheck({
  meta: {
    id: 'spec/privileged-field-writable',
    title: 'Request body accepts a privileged field',
    severity: 'medium',
    confidence: 'low',
    domain: 'authorization',
    owasp: ['API3:2023', 'API5:2023'],
    cwe: ['CWE-915'],
    description:
      'A request body of a non-admin operation declares a property that grants power or money (`role`, `isAdmin`, `permissions`, `balance`, `emailVerified`; and, in updates of an existing object, ownership such as `ownerId` or `tenantId`). If the server binds the body to its model, a user can raise their own privileges (mass assignment).',
    remediation:
      'Remove privileged fields from user-facing request schemas (or mark them `readOnly: true`), and set them only in admin operations or server-side logic.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/', 'https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html'],
    messages: { privileged: '{op} accepts the privileged field "{name}" in its request body: a user may set it on their own account (mass assignment).' },
  },
  category: 'authorization',
  detect(doc, report) {
    for (const a of doc.operations) {
      if (a.isAdmin || !a.op.requestBody) continue;
      const updatesExisting = (a.op.method === 'PUT' || a.op.method === 'PATCH') && /\}\/?$/.test(a.op.path);
      for (const c of a.op.requestBody.content) {
        eachSchema(c.schema, (node) => {
          const props = node.properties as Record<string, Record<string, unknown>> | undefined;
          if (!props || typeof props !== 'object') return;
          for (const [name, prop] of Object.entries(props)) {
            if (prop && typeof prop === 'object' && prop.readOnly === true) continue;
            const level = privilegedLevel(name);
            if (level === 'strong' || (level === 'weak' && updatesExisting)) {
              report({ at: doc.propertyPlace(node, name) ?? a.place, messageId: 'privileged', data: { op: a.label, name }, op: a });
            }
          }
        }, 'readOnly');
      }
    }
  },
});
