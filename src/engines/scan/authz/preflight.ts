// Before any probe: every configured identity must work, and the identities must really differ.
// Otherwise the authorization checks would compare a user with itself, or with nobody, and report
// nothing without saying why.
import { ToolError } from '../../../core/errors.js';
import type { Operation } from '../../../surface/model.js';
import type { ScanContext } from '../define.js';
import { isSuccessWithData, objectId, similarity } from './compare.js';
import { findMeOperation, isPrivilegedOperation } from './common.js';

/** The operation that shows whether credentials work: the me operation, else a secured GET without parameters. */
export function probeOperation(ctx: Pick<ScanContext, 'surface'>): Operation | undefined {
  return (
    findMeOperation(ctx.surface) ??
    ctx.surface.operations.find((o) => o.method === 'GET' && !o.path.includes('{') && !o.isPublic && o.security.length > 0 && !isPrivilegedOperation(o))
  );
}

/**
 * Throws `E_IDENTITY` naming the identity when one does not work (its probe request is refused) or
 * when two identities are the same account (same subject id, or the same answer and the same token).
 * Returns what it checked, for the report.
 */
export async function preflight(ctx: ScanContext): Promise<{ checked: string[]; probe?: string }> {
  const ids = ctx.identities.filter((i) => i.authenticated);
  if (ids.length === 0) return { checked: [] };
  const op = probeOperation(ctx);
  if (!op) return { checked: [] };
  const anon = await ctx.baseline(op, 'anonymous');
  const seen: { name: string; id?: string; body: string; token?: string }[] = [];
  for (const i of ids) {
    const res = await ctx.baseline(op, i.name);
    if (!res || !isSuccessWithData(res.status, res.body)) {
      const why = !res ? 'was not sent' : res.status === 0 ? `failed (${res.error?.message ?? 'no answer'})` : `answered ${res.status}`;
      throw new ToolError('E_IDENTITY', `identity "${i.name}" does not work: ${op.method} ${op.path} ${why} with its credentials; check the identity in the config`);
    }
    const entry = { name: i.name, id: findMeOperation(ctx.surface) === op ? objectId(res.body) : undefined, body: res.body, token: ctx.token?.(i.name) };
    for (const other of seen) {
      const sameSubject = entry.id !== undefined && entry.id === other.id;
      const sameEverything = entry.token !== undefined && entry.token === other.token;
      if (sameSubject || sameEverything) {
        throw new ToolError(
          'E_IDENTITY',
          `identities "${other.name}" and "${i.name}" are the same account (${sameSubject ? `${op.method} ${op.path} returns id ${entry.id} for both` : 'they send the same token'}); authorization tests need different users`,
        );
      }
    }
    seen.push(entry);
  }
  // An identity whose answer equals the anonymous one proves nothing about its credentials.
  if (anon && isSuccessWithData(anon.status, anon.body)) {
    for (const s of seen) {
      if (similarity(s.body, anon.body) === 1 && ids.length > 0) {
        ctx.notify('warning', 'identity-unverified', `${op.method} ${op.path} answers "${s.name}" exactly as it answers anonymous callers: the identity's credentials could not be verified`);
      }
    }
  }
  return { checked: seen.map((s) => s.name), probe: `${op.method} ${op.path}` };
}
