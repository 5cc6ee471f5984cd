import type { HttpResponse } from '../../../http/types.js';
import type { Operation } from '../../../surface/model.js';
import { defineScanCheck } from '../define.js';
import type { ScanContext, ScanReporter } from '../define.js';
import { header } from '../evaluate.js';

const meta = {
  id: 'scan/cors-misconfiguration',
  title: 'CORS policy trusts untrusted origins',
  severity: 'high',
  confidence: 'high',
  domain: 'misconfiguration',
  owasp: ['API8:2023'],
  cwe: ['CWE-942'],
  description:
    'Sends requests with foreign Origin headers and reports when the API allows them: any origin reflected, the `null` origin, a wildcard with credentials, origins that only start or end with the trusted host or are one of its subdomains.',
  remediation:
    'Compare the Origin header against an exact allow-list of full origins (scheme, host and port); never reflect it, never allow `null`, and never combine a wildcard with credentials.',
  references: [
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS',
    'https://portswigger.net/web-security/cors',
    'https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/',
  ],
  messages: {
    reflected: 'The API allows any origin: it reflected {origin} in Access-Control-Allow-Origin{creds}.',
    nullOrigin: 'The API allows the `null` origin (sandboxed iframes, local files){creds}.',
    wildcardCredentials: 'The API answers `Access-Control-Allow-Origin: *` together with `Access-Control-Allow-Credentials: true`.',
    bypass: 'The API trusts {origin}, a {kind} of the target host that an attacker can register{creds}.',
  },
} as const;

/** How the CORS headers of a response treat `origin`. Pure. */
export function corsVerdict(res: Pick<HttpResponse, 'headers' | 'status'>, origin: string): { allowed: boolean; credentials: boolean; wildcard: boolean } {
  const acao = (header(res, 'access-control-allow-origin') ?? '').trim();
  const credentials = (header(res, 'access-control-allow-credentials') ?? '').trim().toLowerCase() === 'true';
  return { allowed: res.status > 0 && acao === origin, credentials, wildcard: acao === '*' };
}

/** The foreign origins probed for a target host. Pure. */
export function probeOrigins(targetUrl: string, nonce: string): { origin: string; kind: 'arbitrary' | 'prefix' | 'suffix' | 'subdomain' }[] {
  const u = new URL(targetUrl);
  const host = u.hostname;
  const scheme = u.protocol;
  return [
    { origin: `https://${nonce}.example`, kind: 'arbitrary' },
    { origin: `${scheme}//${host}.${nonce}.example`, kind: 'prefix' },
    { origin: `${scheme}//${nonce}${host}`, kind: 'suffix' },
    { origin: `${scheme}//${nonce}.${host}`, kind: 'subdomain' },
  ];
}

function pickOperations(ops: readonly Operation[], max: number): Operation[] {
  const gets = ops.filter((o) => o.method === 'GET');
  const flat = gets.filter((o) => !o.path.includes('{'));
  return [...flat, ...gets.filter((o) => o.path.includes('{'))].slice(0, max);
}

async function probeOperation(op: Operation | undefined, ctx: ScanContext, report: ScanReporter): Promise<boolean> {
  const nonce = `rampart-${Math.floor(ctx.random() * 1e9).toString(36)}`;
  const base = op ? ctx.request(op) : { method: 'GET', url: ctx.target };
  const send = (origin: string) => ctx.send({ ...base, headers: { ...(base.headers ?? {}), origin } });
  const creds = (c: boolean) => (c ? ' with credentials allowed' : '');
  const where = op ? { op } : { method: 'GET', path: new URL(ctx.target).pathname || '/' };
  let fired = false;
  const [arbitrary, ...bypasses] = probeOrigins(ctx.target, nonce);
  const r1 = await send(arbitrary!.origin);
  if (r1.status === 0) return false;
  const v1 = corsVerdict(r1, arbitrary!.origin);
  if (v1.wildcard && v1.credentials) {
    report({ ...where, messageId: 'wildcardCredentials', key: 'wildcard', severity: 'medium', exchanges: [{ response: r1, label: 'probe' }] });
    fired = true;
  }
  if (v1.allowed) {
    report({ ...where, messageId: 'reflected', data: { origin: arbitrary!.origin, creds: creds(v1.credentials) }, key: 'reflected', severity: v1.credentials ? 'high' : 'medium', facts: { origin: arbitrary!.origin, credentials: v1.credentials }, exchanges: [{ response: r1, label: 'probe' }] });
    return true;
  }
  const rn = await send('null');
  const vn = corsVerdict(rn, 'null');
  if (vn.allowed) {
    report({ ...where, messageId: 'nullOrigin', data: { creds: creds(vn.credentials) }, key: 'null', severity: vn.credentials ? 'high' : 'medium', exchanges: [{ response: rn, label: 'probe' }] });
    fired = true;
  }
  for (const b of bypasses) {
    const r = await send(b.origin);
    const v = corsVerdict(r, b.origin);
    if (v.allowed) {
      report({ ...where, messageId: 'bypass', data: { origin: b.origin, kind: b.kind === 'subdomain' ? 'subdomain' : `${b.kind} match`, creds: creds(v.credentials) }, key: `bypass:${b.kind}`, severity: v.credentials ? 'high' : 'medium', facts: { origin: b.origin, kind: b.kind }, exchanges: [{ response: r, label: 'probe' }] });
      fired = true;
    }
  }
  return fired;
}

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: (surface) => ({ requests: 6 * Math.max(1, Math.min(3, surface.operations.filter((o) => o.method === 'GET').length)), writes: false }),
  async run(ctx, report) {
    const max = Number(ctx.options.maxOperations ?? 3);
    const ops = pickOperations(ctx.surface.operations, max);
    if (ops.length === 0) {
      await probeOperation(undefined, ctx, report);
      return;
    }
    // CORS is usually one middleware: stop after the first operation that shows the problem
    for (const op of ops) if (await probeOperation(op, ctx, report)) return;
  },
});
