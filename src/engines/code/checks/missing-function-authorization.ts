import { defineCodeCheck } from '../define.js';
import { routeLabel, hasGuard } from '../route-util.js';

const ADMIN_PATH = /(^|\/)(admin\w*|internal|manage\w*|staff|superuser|roles?|permissions?|users\/\{[^}]+\}\/(role|roles|promote|ban|permissions))(\/|$)/i;
const ADMIN_NAME = /admin|promote|demote|set_?role|grant|revoke|ban_?user|impersonat/i;

export default defineCodeCheck({
  kind: 'route',
  meta: {
    id: 'code/missing-function-authorization',
    title: 'Admin-like route without a role or permission check (BFLA)',
    severity: 'high',
    confidence: 'medium',
    domain: 'authorization',
    owasp: ['API5:2023'],
    cwe: ['CWE-285'],
    description: 'A route that looks administrative (its path or handler name, or it writes a privileged field such as role from the request) has no role or permission check: no role middleware/decorator/guard and no role comparison in the handler.',
    remediation: 'Require an admin role or a specific permission on the route (middleware, decorator, guard or dependency) and deny by default.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/', 'https://cwe.mitre.org/data/definitions/285.html'],
    messages: {
      adminPath: '{route} is an administrative function ({why}) but nothing checks the caller\'s role.',
    },
  },
  detect(ctx, report) {
    for (const r of ctx.routes) {
      if (hasGuard(r, 'authz')) continue;
      const facts = ctx.facts.get(r);
      let why: string | undefined;
      if (ADMIN_PATH.test(r.path)) why = 'admin path';
      else if (ADMIN_NAME.test(r.handlerName)) why = `handler ${r.handlerName}`;
      else {
        const w = facts?.privilegedWrites.find((p) => p.fromRequest && /role|admin|permission|superuser|staff/i.test(p.field));
        if (w) why = `writes ${w.field} from the request`;
      }
      if (!why) continue;
      report({ messageId: 'adminPath', data: { route: routeLabel(r), why }, file: r.file, line: r.line, evidence: { data: { handler: r.handlerName, guards: r.guards.map((g) => `${g.kind}:${g.name}`) } }, key: routeLabel(r) });
    }
  },
});
