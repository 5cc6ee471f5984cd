import type { HttpResponse } from '../../../http/types.js';
import type { Operation } from '../../../surface/model.js';
import { isSuccessWithData, looksLikeRefusal, objectId, parseJson } from '../authz/compare.js';
import { adminIdentity, findMeOperation, isPrivilegedOperation, isUserTemplate, lastPathParam, requestProperties, roleOf, userIdentities } from '../authz/common.js';
import { defineScanCheck } from '../define.js';
import type { EvidenceExchange, ScanContext } from '../define.js';

const meta = {
  id: 'scan/privilege-escalation',
  title: 'Privilege escalation: a regular user makes themselves admin and uses admin functions',
  severity: 'critical',
  confidence: 'high',
  domain: 'logic',
  owasp: ['API5:2023', 'API3:2023'],
  cwe: ['CWE-269'],
  description:
    'Proves the impact when a user can set a privileged field on their own account, through mass assignment on a profile operation or through an admin operation that also accepts "the owner": the user sets its role to admin, re-reads (and re-authenticates where it can), then calls an admin-only operation that refused it before. The chain is one finding with each step as evidence; the role is restored afterwards.',
  remediation:
    'Never let the owner path of a check reach privileged fields: give administrative updates their own handler that requires the admin role, and bind profile updates to an allow-list that excludes role, permissions and similar fields.',
  references: [
    'https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/',
    'https://cwe.mitre.org/data/definitions/269.html',
  ],
  messages: {
    escalated: '{who} raised its own role through {method} {path} and then called the admin-only {adminOp}.',
  },
} as const;

interface Attempt {
  readonly op: Operation;
  readonly path?: Record<string, string>;
  readonly field: string;
}

/** Where a user could write a role on itself: its profile, or a user-update operation aimed at its own id. */
function attempts(ctx: ScanContext, ownId: string | undefined): Attempt[] {
  const out: Attempt[] = [];
  for (const op of ctx.surface.operations) {
    if (op.method !== 'PUT' && op.method !== 'PATCH') continue;
    const props = requestProperties(op);
    const field = ['role', 'roles', 'isAdmin', 'is_admin', 'admin'].find((f) => f in props) ?? 'role';
    if (!op.path.includes('{') && /\/(me|self|profile|account)\/?$/.test(op.path)) out.push({ op, field });
    else if (ownId && isUserTemplate(op.path)) {
      const p = lastPathParam(op.path)!;
      out.push({ op, path: { [p]: ownId }, field });
    }
  }
  return out;
}

function escalatedValue(field: string, before: unknown): unknown {
  if (/^(is_?admin|admin)$/i.test(field)) return true;
  if (Array.isArray(before) || field === 'roles') return ['admin'];
  return 'admin';
}

export default defineScanCheck({
  meta,
  scope: 'target',
  exclusive: true,
  plan: (surface) => ({ requests: 6 + surface.operations.filter(isPrivilegedOperation).length * 2, writes: true }),
  async run(ctx, report) {
    const user = userIdentities(ctx)[0]?.name;
    const me = findMeOperation(ctx.surface);
    if (!user || !me) return;
    if (!ctx.allowDestructive) {
      ctx.notify('note', 'authz-write-skipped', 'scan/privilege-escalation writes a privileged field of a scan identity: it runs only with --allow-destructive.');
      return;
    }
    const meBefore = await ctx.send(ctx.request(me, { identity: user }));
    if (!isSuccessWithData(meBefore.status, meBefore.body)) return;
    const ownId = objectId(meBefore.body);
    const roleBefore = roleOf(meBefore.body);
    // Admin-only operations, proven refused for the user before anything changes.
    const adminOps: { op: Operation; refused: HttpResponse }[] = [];
    for (const op of ctx.surface.operations) {
      if (op.method !== 'GET' || op.path.includes('{') || !isPrivilegedOperation(op)) continue;
      const r = await ctx.send(ctx.request(op, { identity: user }));
      if (looksLikeRefusal(r.status, r.body)) adminOps.push({ op, refused: r });
    }
    if (adminOps.length === 0) return;
    const admin = adminIdentity(ctx)?.name;

    for (const a of attempts(ctx, ownId)) {
      const beforeObj = parseJson(meBefore.body) as Record<string, unknown> | undefined;
      const value = escalatedValue(a.field, beforeObj?.[a.field]);
      const write = await ctx.send(ctx.request(a.op, { identity: user, path: a.path, body: { [a.field]: value } }));
      if (write.status < 200 || write.status >= 300) continue;
      await ctx.relogin?.(user);
      const meAfter = await ctx.send(ctx.request(me, { identity: user }));
      const steps: EvidenceExchange[] = [
        { response: meBefore, label: 'step 1: the user as it is' },
        { response: write, label: `step 2: ${a.op.method} ${a.op.path} sets ${a.field}` },
        { response: meAfter, label: 'step 3: re-read as the user' },
      ];
      let proven: { op: Operation; res: HttpResponse; refused: HttpResponse } | undefined;
      for (const t of adminOps) {
        const r = await ctx.send(ctx.request(t.op, { identity: user }));
        if (isSuccessWithData(r.status, r.body)) {
          proven = { op: t.op, res: r, refused: t.refused };
          break;
        }
      }
      // Restore: on the user's own record through the admin (when the operation names the record),
      // else as the (now privileged) user itself; never through a "me" operation as someone else.
      let restored = false;
      if (beforeObj && a.field in beforeObj) {
        const undo = { [a.field]: beforeObj[a.field] };
        const order = a.path && admin ? [admin, user] : [user];
        for (const who of order) {
          const r = await ctx.send(ctx.request(a.op, { identity: who, path: a.path, body: undo }));
          if (r.status >= 200 && r.status < 300) {
            restored = true;
            break;
          }
        }
        await ctx.relogin?.(user);
      }
      ctx.recordChange?.({ identity: user, request: `${a.op.method} ${a.op.path}`, what: `set ${a.field} to ${JSON.stringify(value)}`, restored });
      if (!proven) continue;
      steps.push({ response: proven.refused, label: `before: ${proven.op.method} ${proven.op.path} refused the user` }, { response: proven.res, label: `step 4: ${proven.op.method} ${proven.op.path} as the user` });
      report({
        op: a.op,
        messageId: 'escalated',
        data: { who: user, method: a.op.method, path: a.op.path, adminOp: `${proven.op.method} ${proven.op.path}` },
        summary: `role before: ${roleBefore ?? 'unknown'}; after: ${roleOf(meAfter.body) ?? 'unknown'}; ${restored ? 'restored afterwards' : 'NOT restored: fix the account by hand'}.`,
        payload: JSON.stringify({ [a.field]: value }),
        exchanges: steps,
        facts: { field: a.field, restored },
      });
      return;
    }
  },
});
