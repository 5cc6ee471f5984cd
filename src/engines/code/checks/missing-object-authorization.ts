import { defineCodeCheck } from '../define.js';
import { hasGuard, routeLabel } from '../route-util.js';

export default defineCodeCheck({
  kind: 'route',
  meta: {
    id: 'code/missing-object-authorization',
    title: 'Object selected by a request identifier without an ownership check (BOLA)',
    severity: 'high',
    confidence: 'medium',
    domain: 'authorization',
    owasp: ['API1:2023'],
    cwe: ['CWE-639'],
    description: 'An identifier from the path or query selects an object in a data-store call, and the handler never compares that object (or the identifier) with the current user, nor scopes the query to the user, nor sits behind a role check.',
    remediation: 'Scope the lookup to the caller (`WHERE id = ? AND owner_id = ?`) or compare the object\'s owner with the current user before returning or changing it; return 404 for objects the caller does not own.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/', 'https://cwe.mitre.org/data/definitions/639.html'],
    messages: { noOwnerCheck: '{route} loads an object by {call} from a request identifier and never checks that it belongs to the current user.' },
  },
  detect(ctx, report) {
    for (const r of ctx.routes) {
      const facts = ctx.facts.get(r);
      if (!facts || hasGuard(r, 'authz')) continue;
      if (facts.userRefs.length > 0) continue;
      const call = facts.dbCalls.find((c) => c.idFromRequest && !c.userScoped && c.userData);
      if (!call || !/\{[^}]*\}/.test(r.path)) continue;
      report({ messageId: 'noOwnerCheck', data: { route: routeLabel(r), call: `${call.callee}()` }, file: r.file, line: call.line, evidence: { data: { route: routeLabel(r), handler: r.handlerName } }, key: routeLabel(r) });
    }
  },
});
