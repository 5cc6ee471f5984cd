import { defineCodeCheck } from '../define.js';
import { routeLabel } from '../route-util.js';
import { routeMatches } from '../spec-match.js';

export default defineCodeCheck({
  kind: 'route',
  meta: {
    id: 'code/shadow-route',
    title: 'Route not described in the API specification (shadow endpoint)',
    severity: 'medium',
    confidence: 'high',
    domain: 'inventory',
    owasp: ['API9:2023'],
    cwe: ['CWE-1059'],
    description: 'With --spec, a route found in the code has no operation with the same method and path in the OpenAPI document, so it escapes review, testing and gateway policies.',
    remediation: 'Document the route in the specification (and review its security), or remove it if it is a leftover.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/'],
    messages: { notInSpec: '{route} is served by the code but missing from the API specification.' },
  },
  detect(ctx, report) {
    if (!ctx.spec) return;
    for (const r of ctx.routes) {
      if (ctx.spec.some((op) => routeMatches(r, op))) continue;
      report({ messageId: 'notInSpec', data: { route: routeLabel(r) }, file: r.file, line: r.line, key: routeLabel(r) });
    }
  },
});
