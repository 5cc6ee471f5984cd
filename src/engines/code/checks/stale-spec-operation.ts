import { defineCodeCheck } from '../define.js';
import { routeMatches } from '../spec-match.js';

export default defineCodeCheck({
  kind: 'route',
  meta: {
    id: 'code/stale-spec-operation',
    title: 'Specified operation with no route in the code (stale documentation)',
    severity: 'low',
    confidence: 'medium',
    domain: 'inventory',
    owasp: ['API9:2023'],
    cwe: ['CWE-1059'],
    description: 'With --spec, an operation of the OpenAPI document matches no route found in the code: the documentation is stale, or the route is built in a way the extractor does not follow.',
    remediation: 'Remove the operation from the specification, or restore the route; if the route exists but is registered dynamically, note it in a suppression.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/'],
    messages: { noRoute: '{operation} is in the specification but no route in the code serves it.' },
  },
  detect(ctx, report) {
    if (!ctx.spec) return;
    for (const op of ctx.spec) {
      if (ctx.routes.some((r) => routeMatches(r, op))) continue;
      const label = `${op.method.toUpperCase()} ${op.path}`;
      report({ messageId: 'noRoute', data: { operation: label }, file: op.file, line: op.line ?? 1, key: label, evidence: { data: { pointer: op.pointer } } });
    }
  },
});
