import { defineSpecCheck } from '../define.js';

export default defineSpecCheck({
  meta: {
    id: 'spec/number-unbounded',
    title: 'Request number without bounds',
    severity: 'low',
    confidence: 'medium',
    domain: 'input-validation',
    owasp: ['API4:2023'],
    cwe: ['CWE-1284', 'CWE-20'],
    description:
      'An integer or number the API accepts has no `minimum` or no `maximum` (and no `enum`/`const`). Page sizes, quantities and amounts without bounds invite huge or negative values: a `limit` of 10 million, a quantity of -5.',
    remediation: 'Set `minimum` and `maximum` (or `exclusiveMinimum`/`exclusiveMaximum`) on every input number, and enforce them.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/', 'https://cwe.mitre.org/data/definitions/1284.html'],
    messages: { unbounded: 'Number {name}accepted by {op} has no {missing}.' },
  },
  category: 'input-validation',
  detect(doc, report) {
    // Only the integer and number nodes (walkSchemas' `number`).
    doc.walkSchemas('request', (node, info) => {
      if (node.enum !== undefined || node.const !== undefined) return;
      const noMin = node.minimum === undefined && typeof node.exclusiveMinimum !== 'number';
      const noMax = node.maximum === undefined && typeof node.exclusiveMaximum !== 'number';
      if (!noMin && !noMax) return;
      // One of three fixed texts: no list to join for each of the (many) reported numbers.
      const missing = noMin ? (noMax ? 'minimum and maximum' : 'minimum') : 'maximum';
      report({ at: info.place ?? info.op.place, messageId: 'unbounded', data: { op: info.op.label, name: info.propertyName ? `"${info.propertyName}" ` : '', missing }, op: info.op });
    }, 'number');
  },
});
