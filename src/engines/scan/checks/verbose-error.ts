import type { HttpResponse } from '../../../http/types.js';
import type { Operation } from '../../../surface/model.js';
import { defineScanCheck } from '../define.js';
import type { ScanRequest } from '../define.js';
import { findErrorSignature } from '../evaluate.js';

const meta = {
  id: 'scan/verbose-error',
  title: 'Verbose error reveals internals',
  severity: 'medium',
  confidence: 'high',
  domain: 'misconfiguration',
  owasp: ['API8:2023'],
  cwe: ['CWE-209'],
  description:
    'Sends malformed input (broken JSON, a value of the wrong type) and reports responses that contain a stack trace, an SQL error or a framework debug page that the normal response does not.',
  remediation:
    'Catch errors in one handler that logs the details server-side and answers a generic message with a correlation id; turn debug modes off in production.',
  references: [
    'https://cheatsheetseries.owasp.org/cheatsheets/Error_Handling_Cheat_Sheet.html',
    'https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/',
  ],
  messages: {
    leak: 'Malformed input ({probe}) made {method} {path} answer {status} with a {kind}.',
  },
} as const;

/** The error signature a probe response shows that the baseline does not. Pure. */
export function newErrorSignature(probe: Pick<HttpResponse, 'body'>, baseline?: Pick<HttpResponse, 'body'>): { name: string; match: string } | undefined {
  const sig = findErrorSignature(probe.body);
  if (!sig) return undefined;
  if (baseline && findErrorSignature(baseline.body)?.name === sig.name) return undefined;
  return sig;
}

/** The malformed probes for an operation. Pure given the built requests. */
export function malformedProbes(op: Operation, build: (o: { rawBody?: string; query?: Record<string, string>; path?: Record<string, string> }) => ScanRequest): { label: string; req: ScanRequest }[] {
  const out: { label: string; req: ScanRequest }[] = [];
  const hasJsonBody = op.requestBody?.content.some((c) => /json/i.test(c.mediaType));
  if (hasJsonBody) out.push({ label: 'truncated JSON body', req: build({ rawBody: '{"rampart": [1, 2' }) });
  const q = op.parameters.find((p) => p.in === 'query');
  if (q) out.push({ label: `query ${q.name}=[]{`, req: build({ query: { [q.name]: '[]{\'"' } }) });
  const pp = op.parameters.find((p) => p.in === 'path');
  if (pp && out.length < 2) out.push({ label: `path ${pp.name}=%`, req: build({ path: { [pp.name]: '%ff\'"[' } }) });
  return out.slice(0, 2);
}

export default defineScanCheck({
  meta,
  scope: 'operation',
  appliesTo: (op) => op.method !== 'DELETE' && (op.parameters.some((p) => p.in === 'query' || p.in === 'path') || Boolean(op.requestBody)),
  plan: (op) => ({ requests: 2, writes: op.method !== 'GET' && op.method !== 'HEAD' }),
  async run(op, ctx, report) {
    const base = await ctx.baseline(op);
    for (const p of malformedProbes(op, (o) => ctx.request(op, o))) {
      const res = await ctx.send(p.req);
      if (res.status === 0) continue;
      const sig = newErrorSignature(res, base);
      if (!sig) continue;
      report({
        messageId: 'leak',
        data: { probe: p.label, method: op.method, path: op.path, status: res.status, kind: sig.name },
        summary: sig.match,
        exchanges: [{ response: res, label: 'probe' }],
      });
      return;
    }
  },
});
