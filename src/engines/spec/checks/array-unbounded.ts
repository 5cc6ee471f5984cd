import { defineSpecCheck } from '../define.js';

export default defineSpecCheck({
  meta: {
    id: 'spec/array-unbounded',
    title: 'Request array without maxItems',
    severity: 'low',
    confidence: 'medium',
    domain: 'input-validation',
    owasp: ['API4:2023'],
    cwe: ['CWE-770'],
    description: 'An array the API accepts has no `maxItems`: one request can carry millions of items, each costing the server work (batch endpoints, bulk imports, ids lists).',
    remediation: 'Set `maxItems` on every input array and enforce it before processing.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/', 'https://cwe.mitre.org/data/definitions/770.html'],
    messages: { unbounded: 'Array {name}accepted by {op} has no maxItems.' },
  },
  category: 'input-validation',
  detect(doc, report) {
    // Only the array nodes (walkSchemas' `array`: hasType(node, 'array')).
    doc.walkSchemas('request', (node, info) => {
      if (node.maxItems !== undefined) return;
      report({ at: info.place ?? info.op.place, messageId: 'unbounded', data: { op: info.op.label, name: info.propertyName ? `"${info.propertyName}" ` : '' }, op: info.op });
    }, 'array');
  },
});
