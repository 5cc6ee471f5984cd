import type { HttpResponse } from '../../../http/types.js';
import type { Operation, Schema } from '../../../surface/model.js';
import { isSuccessWithData, objectId, parseJson } from '../authz/compare.js';
import { OWNER_FIELD, pathValuesOf, collectionOf, markedBody, findLoginOperation, findMeOperation, isPrivilegedOperation, lastPathParam, requestProperties, responseProperties, siblings, userIdentities } from '../authz/common.js';
import { defineScanCheck, WRITE_METHODS } from '../define.js';
import type { ScanContext } from '../define.js';

const meta = {
  id: 'scan/mass-assignment',
  title: 'Mass assignment: a write operation stores properties the client should not set',
  severity: 'high',
  confidence: 'high',
  domain: 'authorization',
  owasp: ['API3:2023'],
  cwe: ['CWE-915'],
  description:
    'For each write operation, adds properties that the response schema has and the request schema lacks, plus well-known privileged names (role, isAdmin, permissions, verified, balance, owner_id...), then reads the object back and reports only the properties whose new value really persisted, with the values before and after.',
  remediation:
    'Bind request bodies to an explicit allow-list of writable fields (a DTO or schema with additional properties rejected), never spread or merge the whole body into the model, and set privileged fields only in dedicated, authorised operations.',
  references: [
    'https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/',
    'https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html',
    'https://cwe.mitre.org/data/definitions/915.html',
  ],
  messages: {
    persisted: '{method} {path} stored {fields} sent by {who}, although the request schema does not offer them.',
  },
} as const;

/** Privileged property names tried on every write, besides the response-only ones. */
export const PRIVILEGED_FIELDS = ['role', 'roles', 'isAdmin', 'is_admin', 'admin', 'permissions', 'verified', 'is_verified', 'emailVerified', 'balance', 'credit', 'credits', 'owner_id', 'ownerId', 'user_id', 'userId', 'account_id', 'accountId', 'plan', 'tier', 'status'] as const;

const NEVER = /^(id|_id|uuid|created_?at|updated_?at|createdAt|updatedAt|password|password_?hash|passwordHash)$/i;

/** The value to inject for a property: something no normal client sends, that we can recognise. */
export function injectedValue(name: string, schema: Schema | undefined, before: unknown, tag: string): unknown {
  const t = schema?.type;
  if (/^roles?$|^permissions$|^groups?$/i.test(name)) return Array.isArray(before) ? ['admin'] : 'admin';
  if (/^(is_?admin|admin|verified|is_verified|emailVerified)$/i.test(name) || t === 'boolean' || typeof before === 'boolean') return before === true ? false : true;
  if (/^(balance|credits?)$/i.test(name) || t === 'integer' || t === 'number' || typeof before === 'number') return typeof before === 'number' ? before + 424242 : 424242;
  if (/^(plan|tier)$/i.test(name)) return 'enterprise';
  if (/^status$/i.test(name)) return 'approved';
  if (/(_id|Id)$/.test(name)) return 999_999;
  return `${tag}-${name}`;
}

function readBackFor(ctx: ScanContext, op: Operation): { read: Operation; path?: Record<string, string> } | 'from-response' | undefined {
  const same = siblings(ctx.surface, op.path).get('GET');
  if (same && op.method !== 'POST') return { read: same };
  if (op.method === 'POST') {
    const item = ctx.surface.operations.find((o) => o.method === 'GET' && collectionOf(o.path) === op.path);
    if (item) return { read: item };
    return 'from-response';
  }
  const me = findMeOperation(ctx.surface);
  if (me && /\/(me|self|profile|account)\/?$/.test(op.path)) return { read: me };
  return undefined;
}

function topLevel(body: string): Record<string, unknown> | undefined {
  const j = parseJson(body);
  if (!j || typeof j !== 'object' || Array.isArray(j)) return undefined;
  const o = j as Record<string, unknown>;
  for (const k of ['data', 'user', 'item', 'result']) if (o[k] && typeof o[k] === 'object' && !Array.isArray(o[k]) && Object.keys(o).length <= 3) return o[k] as Record<string, unknown>;
  return o;
}

export default defineScanCheck({
  meta,
  scope: 'operation',
  exclusive: true,
  appliesTo: (op) => WRITE_METHODS.has(op.method) && op.method !== 'DELETE' && !isPrivilegedOperation(op) && op.requestBody !== undefined && op.requestBody.content.some((c) => /json/i.test(c.mediaType)),
  plan: () => ({ requests: 5, writes: true }),
  async run(op, ctx, report) {
    if (findLoginOperation(ctx.surface) === op) return;
    const who = userIdentities(ctx)[0]?.name ?? ctx.identity;
    const creates = op.method === 'POST';
    // Writing privileged fields into data the scan did not create needs the opt-in.
    if (!creates && !ctx.allowDestructive) {
      ctx.notify('note', 'authz-write-skipped', `scan/mass-assignment did not probe ${op.method} ${op.path}: writes to existing objects need --allow-destructive.`);
      return;
    }
    const rb = readBackFor(ctx, op);
    if (!rb) return;
    const reqProps = requestProperties(op);
    const resProps = rb === 'from-response' ? responseProperties(op) : { ...responseProperties(rb.read), ...responseProperties(op) };
    const names = [...new Set([...Object.keys(resProps).filter((k) => !(k in reqProps)), ...PRIVILEGED_FIELDS.filter((k) => !(k in reqProps))])].filter((k) => !NEVER.test(k));
    if (names.length === 0) return;
    const param = lastPathParam(op.path);

    // Before: the object as it is (updates), or as a plain create stores it (creates).
    // Creates get unique string values (a second create with the same example would conflict).
    const example = (creates ? markedBody(ctx.exampleBody(op) ?? {}, `rampart${Math.floor(ctx.random() * 1e9)}`) : ctx.exampleBody(op) ?? {}) as Record<string, unknown>;
    let before: Record<string, unknown> | undefined;
    let beforeRes: HttpResponse | undefined;
    let readPath: Record<string, string> | undefined;
    if (creates) {
      const plain = await ctx.send(ctx.request(op, { identity: who, body: example }));
      if (plain.status < 200 || plain.status >= 300) return;
      beforeRes = plain;
      before = topLevel(plain.body);
    } else if (rb !== 'from-response') {
      // A fresh object of the identity's own where the collection can create one: the baseline's
      // object may be gone (the DELETE baseline) or changed by other checks.
      const coll = param ? collectionOf(op.path) : undefined;
      const create = coll ? siblings(ctx.surface, coll).get('POST') : undefined;
      if (create && param) {
        const c = await ctx.send(ctx.request(create, { identity: who, body: markedBody(ctx.exampleBody(create) ?? {}, `rampart${Math.floor(ctx.random() * 1e9)}`) }));
        const id = c.status >= 200 && c.status < 300 ? objectId(c.body) : undefined;
        if (id) readPath = { ...pathValuesOf(coll!, c.request.url), [param]: id };
      }
      if (!readPath) {
        const b = await ctx.baseline(rb.read, who);
        const id = b && param ? objectId(b.body) : undefined;
        if (b && param && id) readPath = { ...pathValuesOf(rb.read.path, b.request.url), [param]: id };
      }
      const base = await ctx.send(ctx.request(rb.read, { identity: who, path: readPath }));
      if (!isSuccessWithData(base.status, base.body)) return;
      beforeRes = base;
      before = topLevel(base.body);
    }
    if (!before) return;

    // Owner fields go in a probe of their own: stored with the rest, they hand the object to someone
    // else and the owner's read-back, refused, would hide every other stored field.
    const groups = [names.filter((n) => !OWNER_FIELD.test(n)), names.filter((n) => OWNER_FIELD.test(n))].filter((g) => g.length > 0);
    for (const group of groups) {
      const tag = `rampart${Math.floor(ctx.random() * 1e6)}`;
      const injected: Record<string, unknown> = {};
      for (const n of group) injected[n] = injectedValue(n, resProps[n], before[n], tag);
      const writeBody = creates ? { ...(markedBody(example, tag) as Record<string, unknown>), ...injected } : { ...example, ...Object.fromEntries(Object.keys(reqProps).filter((k) => k in before!).map((k) => [k, before![k]])), ...injected };
      const write = await ctx.send(ctx.request(op, { identity: who, path: readPath, body: writeBody }));
      if (write.status < 200 || write.status >= 300) continue;

      let afterRes: HttpResponse = write;
      if (rb !== 'from-response') {
        const id = creates ? objectId(write.body) : readPath?.[param ?? ''];
        const rp = lastPathParam(rb.read.path);
        if (rp && !id) continue;
        const pv = creates ? pathValuesOf(op.path, write.request.url) : readPath;
        afterRes = await ctx.send(ctx.request(rb.read, { identity: who, path: rp && id ? { ...pv, [rp]: id } : undefined }));
        if (!isSuccessWithData(afterRes.status, afterRes.body)) continue;
      }
      const after = topLevel(afterRes.body);
      if (!after) continue;
      const persisted = group.filter((n) => n in after && JSON.stringify(after[n]) === JSON.stringify(injected[n]) && JSON.stringify(before![n]) !== JSON.stringify(injected[n]));
      if (persisted.length === 0) continue;

      // Undo what can be undone on existing objects.
      let restored = false;
      if (!creates) {
        const undo = Object.fromEntries(persisted.filter((n) => n in before!).map((n) => [n, before![n]]));
        const r = await ctx.send(ctx.request(op, { identity: who, path: readPath, body: { ...writeBody, ...undo } }));
        restored = r.status >= 200 && r.status < 300;
        ctx.recordChange?.({ identity: who, request: `${op.method} ${op.path}`, what: `set ${persisted.join(', ')}`, restored });
      }
      const privileged = persisted.some((n) => /^(roles?|is_?admin|admin|permissions)$/i.test(n));
      report({
        messageId: 'persisted',
        data: { method: op.method, path: op.path, fields: persisted.join(', '), who },
        severity: privileged ? 'critical' : 'high',
        summary: persisted.map((n) => `${n}: ${JSON.stringify(before![n] ?? null)} → ${JSON.stringify(after[n])}`).join('; ') + (creates ? '' : restored ? ' (restored afterwards)' : ' (could not be restored)'),
        payload: JSON.stringify(injected),
        exchanges: [
          ...(beforeRes ? [{ response: beforeRes, label: 'before' }] : []),
          { response: write, label: 'write with extra properties' },
          ...(afterRes !== write ? [{ response: afterRes, label: 'read back' }] : []),
        ],
        facts: { persisted, readBack: rb === 'from-response' ? 'the write response (no read operation)' : `${rb.read.method} ${rb.read.path}` },
        confidence: rb === 'from-response' ? 'medium' : 'high',
      });
      return;
    }
  },
});
