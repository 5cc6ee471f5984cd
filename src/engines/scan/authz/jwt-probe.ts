// The shared set-up of the JWT checks: an identity whose token is a JWT, and an operation that
// answers that identity with data and refuses anonymous callers, to judge forged tokens against.
import type { HttpResponse } from '../../../http/types.js';
import type { Operation } from '../../../surface/model.js';
import type { ScanContext } from '../define.js';
import { isSuccessWithData, looksLikeRefusal, shapeSimilarity, similarity, volatilePaths } from './compare.js';
import { findMeOperation, isPrivilegedOperation } from './common.js';
import { decodeJwt } from './jwt.js';
import type { DecodedJwt } from './jwt.js';

export interface JwtProbe {
  readonly identity: string;
  readonly token: string;
  readonly jwt: DecodedJwt;
  readonly op: Operation;
  readonly ok: HttpResponse;
  readonly okAgain: HttpResponse;
  readonly anonymous: HttpResponse;
  /** Sends the probe operation with a given bearer token and no identity credentials. */
  send(token: string): Promise<HttpResponse>;
  /** True when a response is the identity's own answer (same data, volatile fields excluded). */
  accepted(res: HttpResponse): boolean;
}

/** Find an identity with a JWT and an operation that tells a valid token from a missing one. */
export async function jwtProbe(ctx: ScanContext): Promise<JwtProbe | undefined> {
  if (!ctx.token) return undefined;
  const identities = ctx.identities.filter((i) => i.authenticated);
  const me = findMeOperation(ctx.surface);
  const ops = [
    ...(me ? [me] : []),
    ...ctx.surface.operations.filter((o) => o.method === 'GET' && !o.path.includes('{') && !o.isPublic && o !== me && !isPrivilegedOperation(o)),
  ];
  for (const id of identities) {
    const token = ctx.token(id.name);
    const jwt = token ? decodeJwt(token) : undefined;
    if (!token || !jwt) continue;
    for (const op of ops.slice(0, 8)) {
      const ok = await ctx.send(ctx.request(op, { identity: id.name }));
      if (!isSuccessWithData(ok.status, ok.body)) continue;
      const anonymous = await ctx.send(ctx.request(op, { identity: 'anonymous' }));
      if (!looksLikeRefusal(anonymous.status, anonymous.body)) continue;
      const okAgain = await ctx.send(ctx.request(op, { identity: id.name }));
      const vol = volatilePaths(ok.body, okAgain.body);
      const send = (t: string) => ctx.send(ctx.request(op, { identity: 'anonymous', headers: { authorization: `Bearer ${t}` } }));
      const accepted = (res: HttpResponse) =>
        isSuccessWithData(res.status, res.body) && shapeSimilarity(ok.body, res.body) >= 0.8 && similarity(ok.body, res.body, vol) >= 0.5;
      return { identity: id.name, token, jwt, op, ok, okAgain, anonymous, send, accepted };
    }
  }
  return undefined;
}
