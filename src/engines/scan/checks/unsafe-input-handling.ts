import type { HttpResponse } from '../../../http/types.js';
import type { Operation, Schema } from '../../../surface/model.js';
import { defineScanCheck } from '../define.js';
import type { BuildOptions } from '../define.js';
import { findErrorSignature } from '../evaluate.js';

const meta = {
  id: 'scan/unsafe-input-handling',
  title: 'Malformed or oversized input breaks the endpoint',
  severity: 'medium',
  confidence: 'high',
  domain: 'input-validation',
  owasp: ['API4:2023', 'API8:2023'],
  cwe: ['CWE-20'],
  description:
    'Sends malformed JSON, values of the wrong type, bodies without their required fields, oversized strings, deeply nested JSON and huge arrays, and reports a server error (5xx), a stack trace, a dropped connection or a response far slower than the operation\'s normal one.',
  remediation:
    'Validate every request against a schema before it reaches the handler (types, required fields, string lengths, array sizes, nesting depth, body size limit) and answer 400/413/422 for what does not fit.',
  references: [
    'https://cheatsheetseries.owasp.org/cheatsheets/Input_Validation_Cheat_Sheet.html',
    'https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/',
  ],
  messages: {
    serverError: '{probe} made {method} {path} fail with status {status}.',
    dropped: '{probe} made {method} {path} drop the connection ({error}).',
    slow: '{probe} made {method} {path} take {ms} ms against {baselineMs} ms normally.',
    stackTrace: '{probe} made {method} {path} answer with a {kind}.',
  },
} as const;

export interface InputProbe {
  readonly label: string;
  readonly build: BuildOptions;
}

function wrongType(s: Schema | undefined): unknown {
  const t = (s as Record<string, unknown> | undefined)?.type;
  const type = Array.isArray(t) ? t[0] : t;
  if (type === 'string') return 123456789;
  if (type === 'integer' || type === 'number') return 'rampart-not-a-number';
  if (type === 'boolean') return 'rampart';
  if (type === 'array') return { rampart: true };
  if (type === 'object') return 'rampart';
  return ['rampart'];
}

/** The probes for an operation: pure, from its schema and example body. */
export function inputProbes(op: Operation, exampleBody: unknown, sizes = { string: 100_000, depth: 5_000, array: 100_000 }): InputProbe[] {
  const out: InputProbe[] = [];
  const json = op.requestBody?.content.find((c) => /json/i.test(c.mediaType));
  if (json) {
    const schema = json.schema as Record<string, unknown> | undefined;
    const props = (schema?.properties ?? {}) as Record<string, Schema>;
    const example = exampleBody && typeof exampleBody === 'object' && !Array.isArray(exampleBody) ? (exampleBody as Record<string, unknown>) : {};
    out.push({ label: 'malformed JSON', build: { rawBody: '{"rampart": [1, {"a": ' } });
    if (Object.keys(props).length > 0) {
      out.push({ label: 'values of the wrong type', build: { body: Object.fromEntries(Object.entries(props).map(([k, s]) => [k, wrongType(s)])) } });
    }
    if (Array.isArray(schema?.required) && (schema!.required as unknown[]).length > 0) out.push({ label: 'a body without its required fields', build: { body: {} } });
    const big = 'A'.repeat(sizes.string);
    const strKeys = Object.entries(props).filter(([, s]) => (s as Record<string, unknown>).type === 'string').map(([k]) => k);
    if (strKeys.length > 0) out.push({ label: `oversized strings (${sizes.string} characters)`, build: { body: { ...example, ...Object.fromEntries(strKeys.map((k) => [k, big])) } } });
    out.push({ label: `JSON nested ${sizes.depth} levels deep`, build: { rawBody: '['.repeat(sizes.depth) + ']'.repeat(sizes.depth) } });
    const arrKey = Object.entries(props).find(([, s]) => (s as Record<string, unknown>).type === 'array')?.[0];
    const huge = `[${new Array(sizes.array).fill('0').join(',')}]`;
    out.push({ label: `an array of ${sizes.array} elements`, build: arrKey ? { rawBody: JSON.stringify({ ...example, [arrKey]: 0 }).replace(/0\}$/, `${huge}}`) } : { rawBody: huge } });
  }
  const num = op.parameters.find((p) => p.in === 'query' && ['integer', 'number'].includes(String((p.schema as Record<string, unknown> | undefined)?.type)));
  if (num) out.push({ label: `a non-numeric ${num.name}`, build: { query: { [num.name]: 'rampart-not-a-number' } } });
  const str = op.parameters.find((p) => p.in === 'query');
  if (str) out.push({ label: `an oversized ${str.name} (10000 characters)`, build: { query: { [str.name]: 'A'.repeat(10_000) } } });
  return out;
}

export type Verdict = { kind: 'serverError' | 'dropped' | 'slow' | 'stackTrace'; detail: string } | undefined;

/** Judge a probe response against the baseline. Pure. */
export function judge(res: HttpResponse, base: HttpResponse, slowFactor = 10, slowFloorMs = 2000): Verdict {
  if (res.status === 0) {
    const code = res.error?.code;
    if (code === 'connection-reset' || code === 'protocol') return { kind: 'dropped', detail: res.error!.message };
    if (code === 'timeout') return { kind: 'slow', detail: String(Math.round(res.timeMs)) };
    return undefined;
  }
  if (res.status >= 500 && res.status !== 501 && res.status !== 503) return { kind: 'serverError', detail: String(res.status) };
  const sig = findErrorSignature(res.body);
  if (sig && !findErrorSignature(base.body)) return { kind: 'stackTrace', detail: sig.name };
  if (res.timeMs > Math.max(base.timeMs * slowFactor, base.timeMs + slowFloorMs)) return { kind: 'slow', detail: String(Math.round(res.timeMs)) };
  return undefined;
}

export default defineScanCheck({
  meta,
  scope: 'operation',
  appliesTo: (op) => op.method !== 'DELETE' && (Boolean(op.requestBody?.content.some((c) => /json/i.test(c.mediaType))) || op.parameters.some((p) => p.in === 'query')),
  plan: (op) => ({ requests: inputProbes(op, undefined, { string: 1, depth: 1, array: 1 }).length + 2, writes: op.method !== 'GET' && op.method !== 'HEAD' }),
  async run(op, ctx, report) {
    const base = await ctx.baseline(op);
    if (!base || base.status === 0 || base.status >= 500) return;
    const sizes = {
      string: Number(ctx.options.stringLength ?? 100_000),
      depth: Number(ctx.options.nestingDepth ?? 5_000),
      array: Number(ctx.options.arrayLength ?? 100_000),
    };
    for (const p of inputProbes(op, ctx.exampleBody(op), sizes)) {
      const req = ctx.request(op, p.build);
      let res = await ctx.send({ ...req, timeoutMs: Math.max(5000, Math.round(base.timeMs * 20)) });
      let v = judge(res, base);
      if (v?.kind === 'slow' || v?.kind === 'dropped') {
        // confirm: a one-off hiccup is not a finding
        const again = await ctx.send({ ...req, timeoutMs: Math.max(5000, Math.round(base.timeMs * 20)) });
        const v2 = judge(again, base);
        if (!v2 || v2.kind !== v.kind) continue;
        res = again;
        v = v2;
      }
      if (!v) continue;
      const data = { probe: p.label.charAt(0).toUpperCase() + p.label.slice(1), method: op.method, path: op.path };
      if (v.kind === 'serverError') report({ messageId: 'serverError', data: { ...data, status: v.detail }, key: p.label, exchanges: [{ response: res, label: 'probe' }, { response: base, label: 'baseline' }] });
      else if (v.kind === 'dropped') report({ messageId: 'dropped', data: { ...data, error: v.detail }, key: p.label, exchanges: [{ response: res, label: 'probe' }] });
      else if (v.kind === 'slow') report({ messageId: 'slow', data: { ...data, ms: v.detail, baselineMs: Math.round(base.timeMs) }, key: p.label, severity: 'high', exchanges: [{ response: res, label: 'probe' }, { response: base, label: 'baseline' }] });
      else report({ messageId: 'stackTrace', data: { ...data, kind: v.detail }, key: p.label, exchanges: [{ response: res, label: 'probe' }] });
    }
  },
});
