// The permission matrix: operations × identities with the observed outcome and what the API's own
// description says should happen, so a reviewer sees the real authorization model at a glance.
import type { HttpResponse } from '../../../http/types.js';
import type { Operation } from '../../../surface/model.js';
import type { ScanContext } from '../define.js';
import { isSuccessWithData, looksLikeRefusal } from './compare.js';
import { isAdminRole, isPrivilegedOperation } from './common.js';

export type Outcome = 'allowed' | 'denied' | 'error' | 'not-tested';

export interface MatrixCell {
  readonly observed: Outcome;
  readonly expected: 'allowed' | 'denied' | 'unknown';
  readonly status?: number;
}

export interface PermissionMatrix {
  readonly identities: readonly string[];
  readonly rows: readonly { readonly operation: string; readonly cells: Readonly<Record<string, MatrixCell>>; readonly contradictions: number }[];
  /** Cells where the observed outcome contradicts the expected one. */
  readonly contradictions: number;
}

/** Observed outcome of one response. Pure. */
export function outcomeOf(res: HttpResponse | undefined): Outcome {
  if (!res) return 'not-tested';
  if (res.status === 0 || res.status >= 500) return 'error';
  if (res.status === 401 || res.status === 403) return 'denied';
  if (isSuccessWithData(res.status, res.body) || (res.status >= 200 && res.status < 300 && !looksLikeRefusal(res.status, res.body))) return 'allowed';
  if (looksLikeRefusal(res.status, res.body) && res.status < 300) return 'denied';
  return res.status === 404 ? 'denied' : 'error';
}

/** What the spec implies for an identity. Pure. */
export function expectedFor(op: Operation, identity: { name: string; authenticated: boolean; role?: string }, openapi: boolean): MatrixCell['expected'] {
  if (op.isPublic) return 'allowed';
  const secured = op.security.length > 0;
  if (!identity.authenticated) return secured ? 'denied' : openapi ? 'allowed' : 'unknown';
  if (isPrivilegedOperation(op)) return isAdminRole(identity.role) ? 'allowed' : 'denied';
  // Object operations depend on who owns the object the scan picked: BOLA judges those.
  return op.path.includes('{') ? 'unknown' : 'allowed';
}

/**
 * Build the matrix from the shared baselines (reads only: operations without path parameters, or
 * whose parameters the scan could fill). Sends through ctx.baseline, which is cached per scan.
 */
export async function buildPermissionMatrix(ctx: ScanContext, maxOperations = 200): Promise<PermissionMatrix> {
  const openapi = ctx.surface.sourceKind.startsWith('openapi');
  const rows: { operation: string; cells: Record<string, MatrixCell>; contradictions: number }[] = [];
  let total = 0;
  for (const op of ctx.surface.operations.filter((o) => o.method === 'GET').slice(0, maxOperations)) {
    const cells: Record<string, MatrixCell> = {};
    let contradictions = 0;
    for (const id of ctx.identities) {
      const res = await ctx.baseline(op, id.name);
      const observed = outcomeOf(res);
      const expected = expectedFor(op, id, openapi);
      cells[id.name] = { observed, expected, ...(res ? { status: res.status } : {}) };
      if ((expected === 'denied' && observed === 'allowed') || (expected === 'allowed' && observed === 'denied' && id.authenticated)) contradictions++;
    }
    total += contradictions;
    rows.push({ operation: `${op.method} ${op.path}`, cells, contradictions });
  }
  return { identities: ctx.identities.map((i) => i.name), rows, contradictions: total };
}
