import { defineSpecCheck } from '../define.js';
import { typesOf } from '../doc.js';
import { sensitiveKind } from '../names.js';

const NOT_A_SECRET_TYPE = new Set(['boolean', 'integer', 'number', 'null']);
const NOT_A_SECRET_FORMAT = /^(date|date-time|time|duration)$/;

/** Every type is one that cannot hold a secret (false for no types). A loop: no closure per property. */
function onlyNonSecretTypes(types: readonly string[]): boolean {
  if (types.length === 0) return false;
  for (let i = 0; i < types.length; i++) if (!NOT_A_SECRET_TYPE.has(types[i]!)) return false;
  return true;
}

export default defineSpecCheck({
  meta: {
    id: 'spec/sensitive-field-in-response',
    title: 'Sensitive field in a response schema',
    severity: 'high',
    confidence: 'medium',
    domain: 'data-exposure',
    owasp: ['API3:2023'],
    cwe: ['CWE-200'],
    description:
      'A response schema declares a property whose name says it holds a password or its hash, a card security code, a private key or secret, a token, a government identifier or a payment account number. Tokens returned by sign-in and token endpoints, `writeOnly` properties, and flags or timestamps about such values (`hasPassword`, `passwordChangedAt`) are not reported.',
    remediation: 'Remove the property from the response (or mark it `writeOnly: true` if clients only send it); return masked values (last four digits) where clients need a hint.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/', 'https://cwe.mitre.org/data/definitions/200.html'],
    messages: { sensitive: 'A response schema (used by {op}) includes "{name}" ({kind}).' },
  },
  category: 'data-exposure',
  detect(doc, report) {
    // Only the nodes whose properties are an object (walkSchemas' `properties`).
    doc.walkSchemas('response', (node, info) => {
      const props = node.properties as object;
      // The document's key list (doc.keysOf): large properties objects are slow to enumerate.
      const names = doc.keysOf(props);
      for (let k = 0; k < names.length; k++) {
        const name = names[k]!;
        const raw = (props as Record<string, unknown>)[name];
        // The name decides first: it is cached, and almost no property has a sensitive one.
        const kind = sensitiveKind(name);
        if (!kind) continue;
        const prop = (raw ?? {}) as Record<string, unknown>;
        if (prop.writeOnly === true) continue;
        if (onlyNonSecretTypes(typesOf(prop))) continue;
        if (typeof prop.format === 'string' && NOT_A_SECRET_FORMAT.test(prop.format)) continue;
        if (kind.kind === 'token' && info.op.isAnonymousByNature) continue;
        report({ at: doc.propertyPlace(node, name) ?? info.op.place, messageId: 'sensitive', data: { op: info.op.label, name, kind: kind.kind }, severity: kind.severity, op: info.op });
      }
    }, 'properties');
  },
});
