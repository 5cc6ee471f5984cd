import type { HttpResponse } from '../../../http/types.js';
import { defineScanCheck } from '../define.js';
import { header } from '../evaluate.js';

const meta = {
  id: 'scan/cors-preflight-permissive',
  title: 'CORS preflight allows any method and header with credentials',
  severity: 'medium',
  confidence: 'high',
  domain: 'misconfiguration',
  owasp: ['API8:2023'],
  cwe: ['CWE-942'],
  description:
    'Sends a CORS preflight from a foreign origin asking for an unusual method and a made-up header, and reports when the API grants both to that origin with credentials.',
  remediation:
    'Answer preflights only for allow-listed origins, list the methods and headers the API really uses, and never echo Access-Control-Request-Method/Headers back.',
  references: ['https://developer.mozilla.org/en-US/docs/Glossary/Preflight_request', 'https://portswigger.net/web-security/cors'],
  messages: {
    permissive: 'A preflight from {origin} was granted method {method} and header {header} with credentials.',
  },
} as const;

/** True when the preflight answer grants the foreign origin the odd method and header with credentials. Pure. */
export function preflightPermissive(res: Pick<HttpResponse, 'headers' | 'status'>, origin: string, method: string, hdr: string): boolean {
  if (res.status === 0 || res.status >= 400) return false;
  const acao = (header(res, 'access-control-allow-origin') ?? '').trim();
  const creds = (header(res, 'access-control-allow-credentials') ?? '').trim().toLowerCase() === 'true';
  const methods = (header(res, 'access-control-allow-methods') ?? '').toUpperCase().split(',').map((s) => s.trim());
  const headers = (header(res, 'access-control-allow-headers') ?? '').toLowerCase().split(',').map((s) => s.trim());
  return acao === origin && creds && (methods.includes(method) || methods.includes('*')) && (headers.includes(hdr.toLowerCase()) || headers.includes('*'));
}

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: 1, writes: false }),
  async run(ctx, report) {
    const op = ctx.surface.operations.find((o) => !o.path.includes('{')) ?? ctx.surface.operations[0];
    const req = op ? ctx.request(op) : { method: 'GET', url: ctx.target };
    const nonce = Math.floor(ctx.random() * 1e9).toString(36);
    const origin = `https://rampart-${nonce}.example`;
    const method = 'PROPFIND';
    const hdr = `X-Rampart-${nonce}`;
    const res = await ctx.send({
      method: 'OPTIONS',
      url: req.url,
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': hdr },
      identity: 'anonymous',
    });
    if (preflightPermissive(res, origin, method, hdr)) {
      report({
        ...(op ? { op } : { method: 'OPTIONS', path: new URL(req.url).pathname }),
        method: 'OPTIONS',
        messageId: 'permissive',
        data: { origin, method, header: hdr },
        exchanges: [{ response: res, label: 'preflight' }],
      });
    }
  },
});
