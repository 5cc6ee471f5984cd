import { injectionScanCheck } from '../injection/adapter.js';
import { defineInjectionCheck } from '../injection/check.js';
import { applyMutation, describePoint } from '../injection/points.js';
import { Inconclusive, toEvidence } from '../injection/probe.js';

const meta = {
  id: 'scan/server-side-request-forgery',
  title: 'Server-side request forgery',
  severity: 'high',
  confidence: 'high',
  domain: 'injection',
  owasp: ['API7:2023'],
  cwe: ['CWE-918'],
  description:
    'Puts a unique URL of the out-of-band listener into URL-like parameters; a request from the target to that URL proves the server fetches addresses chosen by the client. Payloads only ever name the listener.',
  remediation:
    'Fetch only from an allow-list of hosts and schemes, resolve and check the address before connecting (no loopback, private or link-local ranges), do not follow redirects blindly, and never return raw fetched content.',
  references: [
    'https://cwe.mitre.org/data/definitions/918.html',
    'https://owasp.org/API-Security/editions/2023/en/0xa7-server-side-request-forgery/',
    'https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html',
  ],
  messages: {
    fetched: '{place} makes the server fetch any URL: the listener received {request} for the unique URL sent in it.',
  },
} as const;

const URL_NAMES = /url|uri|link|href|callback|webhook|redirect|return|next|dest|target|endpoint|feed|image|img|avatar|src|source|fetch|proxy|site|domain|host/i;

export default injectionScanCheck(
  defineInjectionCheck({
  meta,
  places: ['query', 'body', 'form', 'multipart', 'header', 'path'],
  accepts: (p) => (p.jsonType === undefined || p.jsonType === 'string') && (URL_NAMES.test(p.name) || /^https?:\/\//i.test(p.original)),
  async testPoint(ctx) {
    if (!ctx.oob) return undefined;
    const t = ctx.oob.newToken();
    const ex = await ctx.prober.send(applyMutation(ctx.base, ctx.point, { kind: 'value', value: t.url }));
    const seen = (await ctx.oob.wait(t.token, ctx.options.oobWaitMs ?? 3000)).filter((i) => i.protocol === 'http');
    if (seen.length === 0) {
      if (!ex.outcome.ok) throw new Inconclusive(`${ex.outcome.reason}: ${ex.outcome.message}`, `${ex.wire.method} ${ex.wire.target}`);
      return undefined;
    }
    const i = seen[0]!;
    return {
      messageId: 'fetched',
      data: { place: describePoint(ctx.point), request: i.summary },
      title: `Server-side request forgery in ${describePoint(ctx.point)}`,
      evidence: {
        summary: `The out-of-band listener received "${i.summary}" from ${i.from} carrying this payload's unique token.`,
        payload: t.url,
        exchanges: [toEvidence(ex, 'probe')],
        data: { interaction: { protocol: i.protocol, from: i.from, summary: i.summary } },
      },
    };
  },
}),
);
