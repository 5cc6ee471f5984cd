import type { HttpResponse } from '../../../http/types.js';
import type { Operation } from '../../../surface/model.js';
import { isSuccessWithData, listingIds, objectId, ownerValues, similarity, volatilePaths } from '../authz/compare.js';
import { collectionOf, fillTemplate, pathValuesOf, findMeOperation, isUserTemplate, lastPathParam, marker, markedBody, siblings, userIdentities } from '../authz/common.js';
import { defineScanCheck } from '../define.js';
import type { ScanContext, ScanReporter } from '../define.js';

const meta = {
  id: 'scan/bola',
  title: "Broken object level authorization: one user reaches another user's object",
  severity: 'high',
  confidence: 'high',
  domain: 'authorization',
  owasp: ['API1:2023'],
  cwe: ['CWE-639'],
  description:
    "Collects the objects identity A owns (objects the scan creates with a unique marker, A's listings, A's profile), then calls every operation that takes such an identifier as identity B. B reading A's object (A's marker, or A's own response, in B's answer) or A seeing B's write is a finding. Also tries identifiers next to B's own.",
  remediation:
    "Check on every request that the object an identifier selects belongs to the caller (or that the caller's role may access it), in the data layer query itself (`WHERE id = ? AND owner_id = ?`) rather than by trusting the identifier. Answer 404 for objects the caller may not see.",
  references: [
    'https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/',
    'https://cwe.mitre.org/data/definitions/639.html',
  ],
  messages: {
    read: '{victimIdentity}\'s object at {method} {path} ({param}={id}) is returned to {attacker}.',
    write: '{attacker} changed {victimIdentity}\'s object through {method} {path} ({param}={id}); {victimIdentity} reads the change back.',
    deleted: '{attacker} deleted {victimIdentity}\'s object through {method} {path} ({param}={id}).',
    guessed: '{attacker} reads an object of another owner at {method} {path} by trying the identifier {id} next to its own.',
  },
} as const;

interface OwnedObject {
  readonly id: string;
  /** A marker the object's fields carry (objects the scan created), else undefined. */
  readonly mark?: string;
  readonly created: boolean;
  /** The parent path values the object lives under (`{ teamId: '7' }` for `/teams/{teamId}/members/{id}`). */
  readonly path?: Readonly<Record<string, string>>;
}

/**
 * Identifier values A owns, per item template (`/notes/{id}` → objects). From listings, only the ids
 * A sees and `other` does not: a catalogue everyone sees is nobody's object. Sends through ctx.
 */
async function collectOwned(ctx: ScanContext, identity: string, other: string): Promise<Map<string, OwnedObject[]>> {
  const owned = new Map<string, OwnedObject[]>();
  const add = (template: string, o: OwnedObject) => {
    const list = owned.get(template) ?? [];
    if (!list.some((x) => x.id === o.id)) list.push(o);
    owned.set(template, list);
  };
  const depth = (t: string) => (t.match(/\{/g) ?? []).length;
  const itemTemplates = ctx.surface.operations.map((o) => o.path).filter((p, i, a) => collectionOf(p) !== undefined && a.indexOf(p) === i).sort((a, b) => depth(a) - depth(b));
  // Nested templates: the parent is one of the identity's own objects, not the latest harvested id,
  // which may be another identity's (the child could not be created there, or not read back).
  const shape = (t: string) => t.replace(/\{[^}]+\}/g, '{}');
  const parentValues = (template: string): Record<string, string> | undefined => {
    const params = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    if (params.length < 2) return undefined;
    const parentParam = params.at(-2)!;
    const parentTemplate = template.slice(0, template.indexOf(`{${parentParam}}`) + parentParam.length + 2);
    for (const [t, objs] of owned) {
      const parent = shape(t) === shape(parentTemplate) ? (objs.find((o) => o.created) ?? objs[0]) : undefined;
      if (parent) return { ...pathValuesOf(parentTemplate, `http://x${fillTemplate(t, { ...parent.path, [lastPathParam(t)!]: parent.id })}`), [parentParam]: parent.id };
    }
    return undefined;
  };
  for (const template of itemTemplates) {
    const coll = collectionOf(template)!;
    const pv = parentValues(template);
    const at = pv ? { path: pv } : {};
    const ops = siblings(ctx.surface, coll);
    const create = ops.get('POST');
    if (create && !create.isPublic) {
      const mark = marker(ctx, 'owner');
      const body = markedBody(ctx.exampleBody(create), mark);
      const res = await ctx.send(ctx.request(create, { identity, body, ...at }));
      const id = res.status >= 200 && res.status < 300 ? objectId(res.body) : undefined;
      if (id) add(template, { id, mark, created: true, ...at });
    }
    const list = ops.get('GET');
    if (list && (!list.path.includes('{') || pv)) {
      const res = pv ? await ctx.send(ctx.request(list, { identity, path: pv })) : await ctx.baseline(list, identity);
      const theirs = pv ? await ctx.send(ctx.request(list, { identity: other, path: pv })) : await ctx.baseline(list, other);
      const visibleToOther = new Set(theirs && isSuccessWithData(theirs.status, theirs.body) ? listingIds(theirs.body) : []);
      if (res && isSuccessWithData(res.status, res.body)) {
        for (const id of listingIds(res.body).filter((x) => !visibleToOther.has(x)).slice(0, 3)) add(template, { id, created: false, ...at });
      }
    }
  }
  const me = findMeOperation(ctx.surface);
  if (me) {
    const res = await ctx.baseline(me, identity);
    const id = res && isSuccessWithData(res.status, res.body) ? objectId(res.body) : undefined;
    if (id) for (const t of itemTemplates.filter(isUserTemplate)) add(t, { id, created: false });
  }
  return owned;
}

function hit(a: HttpResponse, a2: HttpResponse, b: HttpResponse, obj: OwnedObject): 'marker' | 'same' | undefined {
  if (!isSuccessWithData(b.status, b.body)) return undefined;
  if (obj.mark && b.body.includes(obj.mark)) return 'marker';
  if (obj.mark) return undefined;
  const vol = volatilePaths(a.body, a2.body);
  return similarity(a.body, b.body, vol) >= 0.95 && similarity(a.body, a2.body, vol) >= 0.95 ? 'same' : undefined;
}

async function probeRead(ctx: ScanContext, op: Operation, param: string, obj: OwnedObject, victim: string, attacker: string, report: ScanReporter): Promise<boolean> {
  const asVictim = ctx.request(op, { identity: victim, path: { ...obj.path, [param]: obj.id } });
  const a = await ctx.send(asVictim);
  if (!isSuccessWithData(a.status, a.body)) return false;
  const a2 = await ctx.send(asVictim);
  const b = await ctx.send(ctx.request(op, { identity: attacker, path: { ...obj.path, [param]: obj.id } }));
  const how = hit(a, a2, b, obj);
  if (!how) return false;
  report({
    op,
    messageId: 'read',
    data: { victimIdentity: victim, attacker, method: op.method, path: op.path, param, id: obj.id },
    parameter: { in: 'path', name: param },
    confidence: how === 'marker' ? 'high' : 'medium',
    summary: how === 'marker' ? `${attacker}'s response carries the marker ${obj.mark} that ${victim}'s object was created with.` : `${attacker} receives the same object ${victim} receives (volatile fields excluded).`,
    exchanges: [
      { response: a, label: `owner ${victim}` },
      { response: b, label: `other user ${attacker}` },
    ],
    facts: { owner: victim, attacker, identifier: obj.id, marker: obj.mark },
  });
  return true;
}

async function probeWrite(ctx: ScanContext, op: Operation, read: Operation | undefined, param: string, obj: OwnedObject, victim: string, attacker: string, report: ScanReporter): Promise<boolean> {
  if (!read) return false;
  const mark = marker(ctx, 'intruder');
  const body = markedBody(ctx.exampleBody(op), mark);
  const b = await ctx.send(ctx.request(op, { identity: attacker, path: { ...obj.path, [param]: obj.id }, body }));
  if (b.status < 200 || b.status >= 300) return false;
  const back = await ctx.send(ctx.request(read, { identity: victim, path: { ...obj.path, [param]: obj.id } }));
  if (!isSuccessWithData(back.status, back.body) || !back.body.includes(mark)) return false;
  report({
    op,
    messageId: 'write',
    data: { victimIdentity: victim, attacker, method: op.method, path: op.path, param, id: obj.id },
    parameter: { in: 'path', name: param },
    summary: `${attacker} wrote the marker ${mark} into ${victim}'s object; ${victim} reads it back.`,
    exchanges: [
      { response: b, label: `write by ${attacker}` },
      { response: back, label: `read back by owner ${victim}` },
    ],
    facts: { owner: victim, attacker, identifier: obj.id, marker: mark },
  });
  return true;
}

async function probeDelete(ctx: ScanContext, op: Operation, read: Operation | undefined, param: string, obj: OwnedObject, victim: string, attacker: string, report: ScanReporter): Promise<boolean> {
  if (!read || !obj.created || !ctx.allowDestructive) return false;
  const before = await ctx.send(ctx.request(read, { identity: victim, path: { ...obj.path, [param]: obj.id } }));
  if (!isSuccessWithData(before.status, before.body)) return false;
  const del = await ctx.send(ctx.request(op, { identity: attacker, path: { ...obj.path, [param]: obj.id } }));
  if (del.status < 200 || del.status >= 300) return false;
  const after = await ctx.send(ctx.request(read, { identity: victim, path: { ...obj.path, [param]: obj.id } }));
  if (after.status !== 404 && after.status !== 410) return false;
  report({
    op,
    messageId: 'deleted',
    data: { victimIdentity: victim, attacker, method: op.method, path: op.path, param, id: obj.id },
    parameter: { in: 'path', name: param },
    summary: `${victim}'s object (created by the scan) was gone after ${attacker}'s DELETE.`,
    exchanges: [
      { response: before, label: `owner ${victim} before` },
      { response: del, label: `delete by ${attacker}` },
      { response: after, label: `owner ${victim} after` },
    ],
    facts: { owner: victim, attacker, identifier: obj.id },
  });
  return true;
}

/** Identifiers next to B's own numeric ones that B may not see: objects of another owner. */
async function probeGuessed(ctx: ScanContext, op: Operation, param: string, own: OwnedObject[], attacker: string, attackerId: string | undefined, report: ScanReporter): Promise<void> {
  if (!attackerId) return;
  const ownIds = new Set(own.map((o) => o.id));
  for (const o of own) {
    if (!/^\d+$/.test(o.id)) continue;
    for (const delta of [-1, 1, -2, 2]) {
      const id = String(Number(o.id) + delta);
      if (ownIds.has(id) || Number(id) < 1) continue;
      const res = await ctx.send(ctx.request(op, { identity: attacker, path: { ...o.path, [param]: id } }));
      if (!isSuccessWithData(res.status, res.body)) continue;
      const owners = ownerValues(res.body);
      if (owners.length === 0 || owners.includes(attackerId)) continue;
      report({
        op,
        messageId: 'guessed',
        data: { attacker, method: op.method, path: op.path, id },
        parameter: { in: 'path', name: param },
        confidence: 'medium',
        summary: `The object's owner field says ${owners[0]}, not ${attacker} (${attackerId}).`,
        exchanges: [{ response: res, label: `guessed identifier by ${attacker}` }],
        facts: { attacker, identifier: id, ownerField: owners[0] },
      });
      return;
    }
  }
}

export default defineScanCheck({
  meta,
  scope: 'target',
  plan(surface) {
    const n = surface.operations.filter((o) => o.path.includes('{') && !o.isPublic).length;
    return { requests: n * 8 + surface.operations.length, writes: true };
  },
  async run(ctx, report) {
    const users = userIdentities(ctx);
    if (users.length < 2) {
      ctx.notify('note', 'authz-needs-two-users', 'scan/bola needs two authenticated non-admin identities (e.g. alice and bob); skipped.');
      return;
    }
    const pairs: [string, string][] = [
      [users[0]!.name, users[1]!.name],
      [users[1]!.name, users[0]!.name],
    ];
    const ownedBy = new Map<string, Map<string, OwnedObject[]>>();
    ownedBy.set(users[0]!.name, await collectOwned(ctx, users[0]!.name, users[1]!.name));
    ownedBy.set(users[1]!.name, await collectOwned(ctx, users[1]!.name, users[0]!.name));
    const subject = new Map<string, string | undefined>();
    const me = findMeOperation(ctx.surface);
    for (const u of users.slice(0, 2)) {
      const r = me ? await ctx.baseline(me, u.name) : undefined;
      subject.set(u.name, r && isSuccessWithData(r.status, r.body) ? objectId(r.body) : undefined);
    }
    const ordered = [...ctx.surface.operations].sort((a, b) => (a.method === 'DELETE' ? 1 : 0) - (b.method === 'DELETE' ? 1 : 0));
    for (const op of ordered) {
      if (op.isPublic) continue;
      const param = lastPathParam(op.path);
      if (!param || !op.path.endsWith(`{${param}}`)) continue;
      const read = siblings(ctx.surface, op.path).get('GET');
      let found = false;
      for (const [victim, attacker] of pairs) {
        const objects = ownedBy.get(victim)?.get(op.path) ?? [];
        for (const obj of objects.slice(0, 2)) {
          if (op.method === 'GET') found = await probeRead(ctx, op, param, obj, victim, attacker, report);
          else if ((op.method === 'PUT' || op.method === 'PATCH') && (obj.created || ctx.allowDestructive)) found = await probeWrite(ctx, op, read, param, obj, victim, attacker, report);
          else if (op.method === 'DELETE') found = await probeDelete(ctx, op, read, param, obj, victim, attacker, report);
          if (found) break;
        }
        if (found) break;
      }
      if (!found && op.method === 'GET') {
        const [, attacker] = pairs[0]!;
        await probeGuessed(ctx, op, param, ownedBy.get(attacker)?.get(op.path) ?? [], attacker, subject.get(attacker), report);
      }
    }
  },
});
