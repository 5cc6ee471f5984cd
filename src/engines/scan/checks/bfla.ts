import type { HttpResponse } from '../../../http/types.js';
import type { Operation } from '../../../surface/model.js';
import { isSuccessWithData, looksLikeRefusal, objectId, parseJson, shapeSimilarity } from '../authz/compare.js';
import { adminIdentity, findLoginOperation, findMeOperation, isPrivilegedOperation, isUserTemplate, lastPathParam, requestProperties, siblings, userIdentities } from '../authz/common.js';
import { defineScanCheck } from '../define.js';
import type { ScanContext, ScanReporter } from '../define.js';

const meta = {
  id: 'scan/bfla',
  title: 'Broken function level authorization: a regular user or anonymous caller reaches a privileged function',
  severity: 'high',
  confidence: 'high',
  domain: 'authorization',
  owasp: ['API5:2023'],
  cwe: ['CWE-285'],
  description:
    'Finds privileged operations (by path, tag or operationId words such as admin or internal, by security scopes, listed in the `privileged` option, or reads that succeed for the admin identity and never occur in the recorded user flows given with --har or --postman) and calls them as each regular user and as anonymous; success is a finding. Also swaps methods: a user allowed to GET an object tries PUT on it where the API does not offer PUT.',
  remediation:
    'Enforce role or permission checks on every privileged route on the server, deny by default, and keep administrative functions in a separate router or service that applies the check once for all of them. Do not rely on the client hiding admin functions.',
  references: [
    'https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/',
    'https://cwe.mitre.org/data/definitions/285.html',
  ],
  messages: {
    reachable: 'The privileged operation {method} {path} succeeds for {who}.',
    methodSwap: '{who} may {swapped} {path} although the API offers only {method} there.',
  },
} as const;

async function tryAs(ctx: ScanContext, op: Operation, identity: string, pathValues: Record<string, string> | undefined): Promise<HttpResponse> {
  return ctx.send(ctx.request(op, { identity, path: pathValues }));
}

type Why = 'name' | 'config' | 'flows';

/**
 * Privileged operations and why: by name, tags or scopes; listed in the check's `privileged` option
 * (operationIds or "METHOD /path"); or, when recorded user flows were given (`--har`/`--postman` next
 * to a spec), reads that succeed for the admin identity and never occur in those flows.
 */
async function privilegedTargets(ctx: ScanContext, admin: string | undefined): Promise<{ op: Operation; why: Why }[]> {
  const login = findLoginOperation(ctx.surface);
  const named = new Set(((ctx.options.privileged as string[] | undefined) ?? []).map(String));
  const flows = ctx.surface.operations.some((o) => o.recorded);
  const out: { op: Operation; why: Why }[] = [];
  for (const op of ctx.surface.operations) {
    if (op.isPublic || op === login) continue;
    if (isPrivilegedOperation(op)) out.push({ op, why: 'name' });
    else if (named.has(op.operationId ?? '') || named.has(`${op.method} ${op.path}`)) out.push({ op, why: 'config' });
    else if (flows && admin && !op.recorded && op.method === 'GET' && !op.path.includes('{')) {
      const a = await ctx.baseline(op, admin);
      if (a && isSuccessWithData(a.status, a.body)) out.push({ op, why: 'flows' });
    }
  }
  return out;
}

const WHY_TEXT: Readonly<Record<Why, string>> = {
  name: 'by its name, tags or scopes',
  config: 'listed as privileged in the config',
  flows: 'it succeeds for the admin and never occurs in the recorded user flows',
};

/** The request properties filled with the caller's current values from the me operation (nothing new). */
async function unchangedBody(ctx: ScanContext, op: Operation, who: string): Promise<Record<string, unknown>> {
  const me = findMeOperation(ctx.surface);
  const r = me && who !== 'anonymous' ? await ctx.baseline(me, who) : undefined;
  const current = (r && isSuccessWithData(r.status, r.body) ? parseJson(r.body) : undefined) as Record<string, unknown> | undefined;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(requestProperties(op))) if (current && k in current) out[k] = current[k];
  return out;
}

async function ownId(ctx: ScanContext, identity: string): Promise<string | undefined> {
  const me = findMeOperation(ctx.surface);
  if (!me) return undefined;
  const r = await ctx.baseline(me, identity);
  return r && isSuccessWithData(r.status, r.body) ? objectId(r.body) : undefined;
}

async function checkPrivileged(ctx: ScanContext, op: Operation, why: Why, admin: string | undefined, report: ScanReporter): Promise<void> {
  const writes = op.method !== 'GET' && op.method !== 'HEAD';
  if (op.method === 'DELETE') {
    // A privileged DELETE aimed at a real record would destroy it (even the caller's own account).
    ctx.notify('note', 'authz-delete-skipped', `scan/bfla does not call the privileged ${op.method} ${op.path} as a user: it would delete a record the scan did not create.`);
    return;
  }
  if (writes && !ctx.allowDestructive) {
    ctx.notify('note', 'authz-write-skipped', `scan/bfla did not call ${op.method} ${op.path} as a user: writes to privileged functions need --allow-destructive.`);
    return;
  }
  const param = lastPathParam(op.path);
  const callers = [...userIdentities(ctx).map((u) => u.name), 'anonymous'];
  let adminRes: HttpResponse | undefined;
  for (const who of callers) {
    let pathValues: Record<string, string> | undefined;
    if (param) {
      // A privileged function on a user record: aim it at the caller's own record. On other objects
      // the identifiers harvested so far fill the path (as for the admin).
      const userParam = /\/(users?|accounts?|members?|profiles?|customers?)\/\{([^}]+)\}/i.exec(op.path)?.[2];
      if (userParam || isUserTemplate(op.path)) {
        const id = who !== 'anonymous' ? await ownId(ctx, who) : undefined;
        if (!id) continue;
        pathValues = { [userParam ?? param]: id };
      }
    }
    if (admin && !adminRes && op.method === 'GET') adminRes = await tryAs(ctx, op, admin, pathValues);
    // Writes carry the caller's own current values (a no-op), never new privileged values.
    const res = writes ? await ctx.send(ctx.request(op, { identity: who, path: pathValues, body: { ...((ctx.exampleBody(op) as Record<string, unknown> | undefined) ?? {}), ...(await unchangedBody(ctx, op, who)) } })) : await tryAs(ctx, op, who, pathValues);
    if (!isSuccessWithData(res.status, res.body) && !(writes && res.status >= 200 && res.status < 300 && !looksLikeRefusal(res.status, res.body))) continue;
    // Same kind of data as the admin gets (when there is an admin to compare with).
    if (adminRes && isSuccessWithData(adminRes.status, adminRes.body) && shapeSimilarity(adminRes.body, res.body) < 0.5) continue;
    if (adminRes && !isSuccessWithData(adminRes.status, adminRes.body)) continue;
    report({
      op,
      messageId: 'reachable',
      data: { method: op.method, path: op.path, who },
      severity: who === 'anonymous' ? 'critical' : 'high',
      confidence: why === 'flows' ? 'medium' : 'high',
      summary: `${op.method} ${op.path} is privileged (${WHY_TEXT[why]}) and answered ${res.status} to ${who}.`,
      exchanges: [...(adminRes ? [{ response: adminRes, label: `admin ${admin}` }] : []), { response: res, label: who }],
      facts: { caller: who },
      key: who,
    });
    return;
  }
}

async function methodSwaps(ctx: ScanContext, report: ScanReporter): Promise<void> {
  if (!ctx.allowDestructive) return;
  const user = userIdentities(ctx)[0];
  if (!user) return;
  for (const op of ctx.surface.operations) {
    if (op.method !== 'GET' || op.isPublic) continue;
    const param = lastPathParam(op.path);
    if (!param || !op.path.endsWith(`{${param}}`)) continue;
    const sib = siblings(ctx.surface, op.path);
    if (sib.has('PUT')) continue;
    const base = await ctx.baseline(op, user.name);
    if (!base || !isSuccessWithData(base.status, base.body)) continue;
    const id = objectId(base.body);
    if (!id) continue;
    const current = parseJson(base.body);
    const res = await ctx.send({
      ...ctx.request(op, { identity: user.name, path: { [param]: id } }),
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(current),
    });
    if (res.status >= 200 && res.status < 300 && !looksLikeRefusal(res.status, res.body) && res.status !== 204 && shapeSimilarity(base.body, res.body) > 0.5) {
      report({
        op,
        messageId: 'methodSwap',
        data: { who: user.name, swapped: 'PUT', path: op.path, method: 'GET' },
        confidence: 'medium',
        summary: `PUT with the object's own current content (no change) was accepted.`,
        exchanges: [
          { response: base, label: `GET by ${user.name}` },
          { response: res, label: `PUT by ${user.name}` },
        ],
        key: 'PUT',
      });
    }
  }
}

export default defineScanCheck({
  meta,
  scope: 'target',
  plan(surface) {
    const n = surface.operations.filter(isPrivilegedOperation).length;
    return { requests: n * 4 + surface.operations.length * 2, writes: true };
  },
  async run(ctx, report) {
    const admin = adminIdentity(ctx)?.name;
    for (const t of await privilegedTargets(ctx, admin)) await checkPrivileged(ctx, t.op, t.why, admin, report);
    await methodSwaps(ctx, report);
  },
});
