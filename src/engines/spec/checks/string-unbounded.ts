import { defineSpecCheck } from '../define.js';

/** Formats whose values have a small, fixed maximum length once validated. */
const BOUNDED_FORMATS = new Set(['date', 'date-time', 'time', 'uuid', 'ipv4', 'ipv6', 'int32', 'int64', 'double', 'float', 'duration']);

/** An anchored pattern without unbounded repetition limits the length by itself. */
function isBoundedPattern(p: unknown): boolean {
  if (typeof p !== 'string') return false;
  return p.startsWith('^') && p.endsWith('$') && !/(?<!\\)[*+]|\{\d+,\}/.test(p);
}

export default defineSpecCheck({
  meta: {
    id: 'spec/string-unbounded',
    title: 'Request string without a length limit',
    severity: 'low',
    confidence: 'medium',
    domain: 'input-validation',
    owasp: ['API4:2023'],
    cwe: ['CWE-1284', 'CWE-770'],
    description:
      'A string the API accepts (a parameter or a request body field) has no `maxLength`, no `enum`/`const`, no bounded `format` (date, uuid...) and no anchored fixed-length `pattern`. Unbounded strings let a client send megabytes into a field, filling storage, logs and regular-expression engines.',
    remediation: 'Give every input string a `maxLength` (and a `pattern` or `format` where the shape is known), and enforce the schema at the edge.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/', 'https://cheatsheetseries.owasp.org/cheatsheets/Input_Validation_Cheat_Sheet.html'],
    messages: { unbounded: 'String {name}accepted by {op} has no maxLength.' },
  },
  category: 'input-validation',
  detect(doc, report) {
    // Only the string nodes (walkSchemas' `string`: hasType(node, 'string')).
    doc.walkSchemas('request', (node, info) => {
      if (node.maxLength !== undefined || node.enum !== undefined || node.const !== undefined) return;
      if (typeof node.format === 'string' && BOUNDED_FORMATS.has(node.format)) return;
      if (isBoundedPattern(node.pattern)) return;
      report({ at: info.place ?? info.op.place, messageId: 'unbounded', data: { op: info.op.label, name: info.propertyName ? `"${info.propertyName}" ` : '' }, op: info.op });
    }, 'string');
  },
});
