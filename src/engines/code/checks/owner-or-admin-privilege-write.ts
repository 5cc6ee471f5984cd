import { defineCodeCheck } from '../define.js';
import { isCurrentUserExpr } from '../frameworks/guards.js';
import type { Expr } from '../ir.js';
import { dotted, walkExprs } from '../ir.js';
import { routeLabel } from '../route-util.js';

const ROLE = /role|admin|is_staff|is_superuser|permission/i;

function mentions(e: Expr, test: (x: Expr) => boolean): boolean {
  let hit = false;
  walkExprs([{ k: 'expr', e, line: 0 }], (x) => { if (!hit && test(x)) hit = true; });
  return hit;
}

const unwrap = (e: Expr): Expr => (e.k === 'call' && e.args.length === 1 && /^(String|Number|str|int|parseInt)$/.test(dotted(e.callee) ?? '') ? e.args[0]! : e);
const ownerCompare = (e0: Expr): boolean => { const e = e0.k === 'op' ? { ...e0, parts: e0.parts.map(unwrap) } : e0; return ownerCompare2(e); };
const ownerCompare2 = (e: Expr): boolean => e.k === 'op' && /^(===|==|!==|!=|is|is not)$/.test(e.op) && e.parts.some((p) => isCurrentUserExpr(p) || /^(me|user|currentUser|current_user|self_user)\.id$/.test(dotted(p) ?? '') || /(^|\.)(user_?id|userId|owner_?id|ownerId)$/.test(dotted(p) ?? '')) && e.parts.some((p) => /(^|\.)(id|user_?id|userId|owner_?id|ownerId)$/.test(dotted(p) ?? '') || p.k === 'name' || /params\.\w+$/.test(dotted(p) ?? ''));
const roleCheck = (e: Expr): boolean => { const d = dotted(e) ?? ''; return ROLE.test(d) || (e.k === 'str' && /^(admin|superuser|staff)$/i.test(e.value)); };

export default defineCodeCheck({
  kind: 'route',
  meta: {
    id: 'code/owner-or-admin-privilege-write',
    title: 'Owner-or-admin check guards a privileged write (self-promotion)',
    severity: 'critical',
    confidence: 'medium',
    domain: 'logic',
    owasp: ['API5:2023', 'API3:2023'],
    cwe: ['CWE-863'],
    description: 'A handler authorises "the owner OR an admin" (a check copied from an ordinary profile update) and then writes a privileged field such as role from the request, so any user can raise their own role.',
    remediation: 'Split the handler: owners may change their own ordinary fields; only admins may change role-like fields. Check the admin role before writing privileged fields, regardless of ownership.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/', 'https://cwe.mitre.org/data/definitions/863.html'],
    messages: { selfPromotion: '{route} lets the owner OR an admin through ({check}) and then writes {field} from the request: a user can change their own {field}.' },
  },
  detect(ctx, report) {
    for (const r of ctx.routes) {
      const fn = r.handler;
      const facts = ctx.facts.get(r);
      if (!fn || !facts) continue;
      const write = facts.privilegedWrites.find((w) => w.fromRequest && ROLE.test(w.field));
      const massWrite = (ctx.hits.get('code/mass-assignment') ?? []).find((h) => h.trace[0] && h.trace[0].file === fn.file && h.trace[0].line >= fn.line && h.trace[0].line <= fn.endLine && ROLE.test(h.sink));
      const at = write ?? (massWrite ? { line: massWrite.line, field: massWrite.sink.replace(/^.* field /, '') } : undefined);
      if (!at) continue;
      // the check may sit in the handler or in a middleware in front of it
      const bodies: { file: string; fn: typeof fn }[] = [{ file: fn.file, fn }];
      for (const g of r.guards) {
        if (g.via !== 'middleware' && g.via !== 'hook') continue;
        const mw = ctx.project.lookup(g.file, g.name.replace(/\(.*$/, ''));
        if (mw?.fn) bodies.push({ file: mw.file, fn: mw.fn });
      }
      let found: { file: string; line: number } | undefined;
      for (const b of bodies) {
        walkExprs(b.fn.body, (e) => {
          if (found !== undefined || e.k !== 'op' || !/^(\|\||&&|or|and)$/.test(e.op)) return;
          const [x, y] = e.parts;
          if (!x || !y) return;
          if ((mentions(x, ownerCompare) && mentions(y, roleCheck)) || (mentions(y, ownerCompare) && mentions(x, roleCheck))) found = { file: b.file, line: e.line };
        }, true);
      }
      if (found === undefined) continue;
      const check = ctx.project.modules.get(found.file)?.lines[found.line - 1]?.trim() ?? 'owner or admin';
      report({ messageId: 'selfPromotion', data: { route: routeLabel(r), check: check.length > 80 ? `${check.slice(0, 77)}...` : check, field: at.field }, file: fn.file, line: at.line, evidence: { data: { check: `${found.file}:${found.line}`, writeLine: at.line } }, key: routeLabel(r) });
    }
  },
});
