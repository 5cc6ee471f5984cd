import { defineCodeCheck } from '../define.js';
import { PUBLIC_PATH, hasGuard, isWrite, routeLabel } from '../route-util.js';

export default defineCodeCheck({
  kind: 'route',
  meta: {
    id: 'code/missing-authentication',
    title: 'Route reads or writes data without authentication',
    severity: 'high',
    confidence: 'medium',
    domain: 'authentication',
    owasp: ['API2:2023'],
    cwe: ['CWE-306'],
    description: 'A route that changes state or queries a data store has no authentication: no auth middleware, decorator, guard or FastAPI dependency, and no check of the current user inside the handler. Sign-in, sign-up, health and documentation paths are exempt.',
    remediation: 'Put the route behind the authentication middleware/decorator/guard the rest of the API uses, or mark it deliberately public in a suppression with the reason.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/', 'https://cwe.mitre.org/data/definitions/306.html'],
    messages: {
      write: '{route} changes data and nothing checks who is calling.',
      read: '{route} reads from the data store ({call}) and nothing checks who is calling.',
    },
  },
  detect(ctx, report) {
    for (const r of ctx.routes) {
      if (hasGuard(r, 'authn') || PUBLIC_PATH.test(r.path)) continue;
      const facts = ctx.facts.get(r);
      const evidence = { data: { framework: r.framework, handler: r.handlerName, guards: r.guards.map((g) => g.name) } };
      if (isWrite(r) && r.method !== 'ANY') report({ messageId: 'write', data: { route: routeLabel(r) }, file: r.file, line: r.line, evidence, key: routeLabel(r) });
      else if (facts && facts.dbCalls.some((c) => c.userData)) report({ messageId: 'read', data: { route: routeLabel(r), call: facts.dbCalls.find((c) => c.userData)!.callee }, file: r.file, line: r.line, evidence, key: routeLabel(r) });
    }
  },
});
