import type { ParameterIn } from '../../../core/finding.js';
import type { Operation } from '../../../surface/model.js';
import { WRITE_METHODS, type EvidenceExchange, type HttpResponse, type OperationScanCheck, type ScanContext } from '../define.js';
import type { OobClient } from '../oob/client.js';
import { DEFAULT_INJECTION_OPTIONS, type InjectionCheck } from './check.js';
import { toWire } from './points.js';
import { Inconclusive, Prober, exchangeOf, type Transport } from './probe.js';
import { runInjectionCheck } from './runner.js';
import type { ProbeBody, ProbeOutcome, ProbeRequest } from './types.js';

/** A scan check that runs an injection check; `injection` keeps the unit for direct tests. */
export type InjectionScanCheck = OperationScanCheck & { readonly injection: InjectionCheck };

/** Scan contexts may carry the out-of-band listener (started by the scan command). */
export type ContextWithOob = ScanContext & { readonly oob?: OobClient };

function toOutcome(r: HttpResponse): ProbeOutcome {
  if (r.status > 0 && !r.error) return { ok: true, status: r.status, headers: r.headers, body: r.body, timeMs: r.timeMs, source: r };
  const code = r.error?.code ?? 'other';
  const reason = code === 'timeout' || code === 'connect-timeout' ? 'timeout' : code === 'protocol' ? 'garbage' : code === 'out-of-scope' ? 'scope' : code === 'budget' ? 'budget' : code.startsWith('connection') || code === 'dns' ? 'connection' : 'other';
  return { ok: false, reason, message: r.error?.message ?? `status ${r.status}`, timeMs: r.timeMs, source: r };
}

function parseCookies(h: string): [string, string][] {
  return h
    .split(/;\s*/)
    .filter((p) => p.includes('='))
    .map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as [string, string]);
}

function parseBody(contentType: string, body: string | undefined): ProbeBody | undefined {
  if (body === undefined || body === '') return undefined;
  const ct = contentType.toLowerCase();
  if (ct.includes('json')) {
    try {
      return { kind: 'json', value: JSON.parse(body) as unknown };
    } catch {
      return { kind: 'raw', contentType, text: body };
    }
  }
  if (ct.includes('x-www-form-urlencoded')) return { kind: 'form', fields: [...new URLSearchParams(body)] };
  const b = /boundary=("?)([^";]+)\1/.exec(contentType);
  if (ct.includes('multipart/form-data') && b) {
    const fields: [string, string][] = [];
    for (const part of body.split(`--${b[2]}`)) {
      const sep = part.indexOf('\r\n\r\n');
      const name = sep >= 0 ? /name="([^"]*)"/.exec(part.slice(0, sep)) : null;
      if (name) fields.push([name[1]!, part.slice(sep + 4).replace(/\r\n$/, '')]);
    }
    return { kind: 'multipart', fields };
  }
  return { kind: 'raw', contentType, text: body };
}

/** The operation's example request, split into the places a payload can go. */
export function probeRequestFor(op: Operation, ctx: ScanContext): { base: ProbeRequest; origin: string } {
  const sreq = ctx.request(op);
  const url = new URL(sreq.url, ctx.target);
  const names: string[] = [];
  const re = new RegExp(
    `^(.*?)${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, n: string) => {
      names.push(n);
      return '([^/]*)';
    })}$`,
  );
  const m = re.exec(url.pathname);
  const pathParams: Record<string, string> = {};
  names.forEach((n, i) => {
    const raw = m?.[i + 2] ?? '1';
    try {
      pathParams[n] = decodeURIComponent(raw);
    } catch {
      pathParams[n] = raw;
    }
  });
  const declared = new Set(op.parameters.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()));
  const headers: Record<string, string> = {};
  const fixedHeaders: Record<string, string> = {};
  let cookies: [string, string][] = [];
  let contentType = '';
  for (const [k, v] of Object.entries(sreq.headers ?? {})) {
    const lk = k.toLowerCase();
    if (lk === 'cookie') cookies = parseCookies(v);
    else if (lk === 'content-type') contentType = v;
    else if (declared.has(lk)) headers[k] = v;
    else fixedHeaders[k] = v;
  }
  const body = parseBody(contentType, typeof sreq.body === 'string' ? sreq.body : sreq.body ? Buffer.from(sreq.body).toString('utf8') : undefined);
  return {
    origin: url.origin,
    base: {
      method: sreq.method,
      pathTemplate: `${m?.[1] ?? ''}${op.path}`,
      pathParams,
      query: [...url.searchParams],
      headers,
      fixedHeaders,
      cookies,
      ...(body ? { body } : {}),
    },
  };
}

/** Wrap an injection check as a scan check: one operation, every place it accepts, one finding per place. */
export function injectionScanCheck(check: InjectionCheck, estimate: { perPoint: number } = { perPoint: 20 }): InjectionScanCheck {
  const scan: OperationScanCheck = {
      meta: check.meta,
      scope: 'operation' as const,
      plan(op: Operation) {
        const places = op.parameters.filter((p) => check.places.includes(p.in as ParameterIn)).length + (op.requestBody ? 3 : 0);
        return { requests: Math.max(1, places) * estimate.perPoint, writes: WRITE_METHODS.has(op.method) };
      },
      async run(op, ctx, report) {
        // DELETE probes only with --allow-destructive (the engine skips their baselines too).
        if (op.method === 'DELETE' && !ctx.allowDestructive) return;
        const c = ctx as ContextWithOob;
        const { base, origin } = probeRequestFor(op, c);
        const delayS = typeof c.options['delaySeconds'] === 'number' ? c.options['delaySeconds'] : DEFAULT_INJECTION_OPTIONS.delayS;
        const transport: Transport = async (wire) =>
          toOutcome(
            await c.send({
              method: wire.method,
              url: `${origin}${wire.target}`,
              headers: wire.headers,
              ...(wire.body !== undefined ? { body: wire.body } : {}),
              followRedirects: false,
              timeoutMs: (delayS + 15) * 1000,
            }),
          );
        const out = await runInjectionCheck(
          check,
          {
            base,
            prober: new Prober(transport),
            random: () => c.random(),
            options: { delayS, oobWaitMs: typeof c.options['oobWaitMs'] === 'number' ? c.options['oobWaitMs'] : DEFAULT_INJECTION_OPTIONS.oobWaitMs },
            bodyMediaTypes: op.requestBody?.content.map((x) => x.mediaType) ?? [],
            sharedBaseline: async () => {
              const r = await c.baseline(op);
              const wire = toWire(base);
              if (!r || r.request.method !== wire.method || r.request.url !== `${origin}${wire.target}` || (r.request.body ?? '') !== (wire.body ?? '')) return undefined;
              const outcome = toOutcome(r);
              return outcome.ok ? { request: base, wire, outcome } : undefined;
            },
            ...(c.oob ? { oob: c.oob } : {}),
          },
          { method: op.method, path: op.path, url: `${origin}${base.pathTemplate}` },
        );
        for (const n of out.notifications) c.notify(n.level, n.code, n.message);
        for (const { result: r, point } of out.results) {
          const exchanges: EvidenceExchange[] = [];
          for (const ev of r.evidence.exchanges ?? []) {
            const src = exchangeOf(ev)?.outcome.source as HttpResponse | undefined;
            if (src) exchanges.push({ response: src, label: ev.label ?? 'probe' });
          }
          report({
            messageId: r.messageId,
            data: r.data,
            ...(r.evidence.data ? { facts: r.evidence.data } : {}),
            ...(point ? { parameter: point, key: `${point.in}:${point.name}` } : {}),
            exchanges,
            ...(r.evidence.summary ? { summary: r.evidence.summary } : {}),
            ...(r.evidence.payload ? { payload: r.evidence.payload } : {}),
            ...(r.confidence ? { confidence: r.confidence } : {}),
            ...(r.title ? { title: r.title } : {}),
          });
        }
      },
  };
  return { ...scan, injection: check };
}

export { Inconclusive };
