import { defineSpecCheck } from '../define.js';
import { privilegedLevel } from '../names.js';

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const COMPOSITION = ['allOf', 'oneOf', 'anyOf'] as const;

/**
 * The objects whose properties a server binds from a body: the body itself, its allOf/oneOf/anyOf
 * parts and the items of a top-level array. Deeper objects (options, nested settings) are left
 * out: their `permissions` or `status` rarely grant the caller anything.
 */
function bodyObjects(schema: unknown, depth = 0, out: Obj[] = []): Obj[] {
  if (!isObj(schema) || depth > 3 || out.includes(schema)) return out;
  out.push(schema);
  for (let k = 0; k < COMPOSITION.length; k++) {
    const list = schema[COMPOSITION[k]!];
    if (Array.isArray(list)) for (let i = 0; i < list.length; i++) bodyObjects(list[i], depth + 1, out);
  }
  if (depth === 0 && isObj(schema.items)) bodyObjects(schema.items, depth + 1, out);
  return out;
}

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
      'A request body of a non-admin operation declares a top-level property that grants power or money (`role`, `isAdmin`, `permissions`, `balance`, `emailVerified`; and, in updates of an existing object, ownership such as `ownerId` or `tenantId`). If the server binds the body to its model, a user can raise their own privileges (mass assignment).',
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
        for (const node of bodyObjects(c.schema)) {
          const props = node.properties as Record<string, Record<string, unknown>> | undefined;
          if (!props || typeof props !== 'object') continue;
          // The document's key list (doc.keysOf): large properties objects are slow to enumerate.
          const names = doc.keysOf(props);
          for (let k = 0; k < names.length; k++) {
            const name = names[k]!;
            // The name first: it is cached, and almost no property has a privileged one.
            const level = privilegedLevel(name);
            if (level !== 'strong' && (level !== 'weak' || !updatesExisting)) continue;
            const prop = props[name];
            if (prop && typeof prop === 'object' && prop.readOnly === true) continue;
            report({ at: doc.propertyPlace(node, name) ?? a.place, messageId: 'privileged', data: { op: a.label, name }, op: a });
          }
        }
      }
    }
  },
});
