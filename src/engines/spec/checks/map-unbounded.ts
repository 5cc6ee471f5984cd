import { defineSpecCheck } from '../define.js';

export default defineSpecCheck({
  meta: {
    id: 'spec/map-unbounded',
    title: 'Request map without maxProperties',
    severity: 'low',
    confidence: 'medium',
    domain: 'input-validation',
    owasp: ['API4:2023'],
    cwe: ['CWE-770'],
    description:
      'An object the API accepts as a map (`additionalProperties` is a schema, or `patternProperties`) has no `maxProperties`: clients can send any number of keys (metadata, labels, attributes).',
    remediation: 'Set `maxProperties` on every input map (and `maxLength` on its keys with `propertyNames`).',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/', 'https://cwe.mitre.org/data/definitions/770.html'],
    messages: { unbounded: 'Map {name}accepted by {op} has no maxProperties.' },
  },
  category: 'input-validation',
  detect(doc, report) {
    // Only the maps: additionalProperties or patternProperties is an object (walkSchemas' `map`).
    doc.walkSchemas('request', (node, info) => {
      if (node.maxProperties !== undefined) return;
      report({ at: info.place ?? info.op.place, messageId: 'unbounded', data: { op: info.op.label, name: info.propertyName ? `"${info.propertyName}" ` : '' }, op: info.op });
    }, 'map');
  },
});
