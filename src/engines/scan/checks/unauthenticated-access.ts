import type { HttpResponse } from '../../../http/types.js';
import { isSuccessWithData, shapeSimilarity, similarity, volatilePaths } from '../authz/compare.js';
import { findLoginOperation } from '../authz/common.js';
import { decodeJwt, withAlteredSignature } from '../authz/jwt.js';
import { defineScanCheck } from '../define.js';
import type { EvidenceExchange } from '../define.js';

const meta = {
  id: 'scan/unauthenticated-access',
  title: 'Operation returns data without valid credentials',
  severity: 'high',
  confidence: 'high',
  domain: 'authentication',
  owasp: ['API2:2023'],
  cwe: ['CWE-306'],
  description:
    "Replays every read operation that the spec secures (or, for HAR and Postman input, that succeeded for an identity) with no credentials, with a malformed token, and with the identity's token with its signature altered. An answer carrying the same kind of data as the identity's answer is a finding; the status alone is not enough (a 200 with an error body is not data).",
  remediation:
    'Require authentication on the route itself (middleware, guard or decorator applied to every non-public route, deny by default) and answer 401 without data when credentials are missing or invalid.',
  references: ['https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/', 'https://cwe.mitre.org/data/definitions/306.html'],
  messages: {
    open: '{method} {path} returns its data to {variants}.',
  },
} as const;

export default defineScanCheck({
  meta,
  scope: 'operation',
  appliesTo: (op) => (op.method === 'GET' || op.method === 'HEAD') && !op.isPublic,
  plan: () => ({ requests: 4, writes: false }),
  async run(op, ctx, report) {
    // Declared anonymous in an OpenAPI document: as designed (the spec audit judges the design).
    if (ctx.surface.sourceKind.startsWith('openapi') && op.security.length === 0) return;
    if (findLoginOperation(ctx.surface) === op) return;
    const identity = ctx.identities.find((i) => i.name === ctx.identity && i.authenticated);
    if (!identity) return;
    const ok = await ctx.baseline(op, identity.name);
    if (!ok || !isSuccessWithData(ok.status, ok.body)) return;
    const okAgain = await ctx.send(ctx.request(op, { identity: identity.name }));
    const vol = volatilePaths(ok.body, okAgain.body);
    const same = (r: HttpResponse) => isSuccessWithData(r.status, r.body) && shapeSimilarity(ok.body, r.body) >= 0.6 && similarity(ok.body, r.body, vol) >= 0.3;

    const variants: { name: string; res: HttpResponse }[] = [];
    variants.push({ name: 'an anonymous caller', res: await ctx.send(ctx.request(op, { identity: 'anonymous' })) });
    variants.push({ name: 'a malformed token', res: await ctx.send(ctx.request(op, { identity: 'anonymous', headers: { authorization: 'Bearer rampart.invalid.token' } })) });
    const token = ctx.token?.(identity.name);
    const jwt = token ? decodeJwt(token) : undefined;
    if (jwt) variants.push({ name: 'a token with an altered signature', res: await ctx.send(ctx.request(op, { identity: 'anonymous', headers: { authorization: `Bearer ${withAlteredSignature(jwt)}` } })) });
    const open = variants.filter((v) => same(v.res));
    if (open.length === 0) return;
    // A server that answers a path that does not exist with the same kind of data answers
    // everything: its answers prove nothing about authentication.
    const nonsense = `${op.path.replace(/\{[^}]+\}/g, '1').replace(/\/+$/, '')}/rampart-no-such-path-${Math.floor(ctx.random() * 1e9).toString(36)}`;
    const control = await ctx.send({ method: op.method, url: nonsense, identity: 'anonymous' });
    if (isSuccessWithData(control.status, control.body) && shapeSimilarity(ok.body, control.body) >= 0.6) {
      ctx.notify('note', 'catch-all-server', `${op.method} ${op.path}: the server answers made-up paths with data too; unauthenticated access could not be judged`);
      return;
    }
    const exchanges: EvidenceExchange[] = [{ response: ok, label: `baseline as ${identity.name}` }, ...open.map((v) => ({ response: v.res, label: `probe: ${v.name}` }))];
    report({
      messageId: 'open',
      data: { method: op.method, path: op.path, variants: open.map((v) => v.name).join(', ') },
      severity: open.some((v) => v.name === 'an anonymous caller') ? 'high' : 'critical',
      exchanges,
      facts: { variants: open.map((v) => v.name) },
    });
  },
});
