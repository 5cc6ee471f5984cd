import { injectionScanCheck } from '../injection/adapter.js';
import { defineInjectionCheck } from '../injection/check.js';
import { canary } from '../injection/canary.js';
import { applyMutation, describePoint } from '../injection/points.js';
import { toEvidence, type Exchange } from '../injection/probe.js';

const meta = {
  id: 'scan/reflected-xss',
  title: 'Reflected cross-site scripting',
  severity: 'high',
  confidence: 'high',
  domain: 'injection',
  owasp: [],
  cwe: ['CWE-79'],
  description:
    'Sends a random tag with HTML metacharacters and reports parameters echoed unescaped in a response a browser renders as HTML, including JSON responses served as text/html.',
  remediation:
    'Encode output for its context (HTML-escape in HTML, use a templating engine with auto-escaping) and serve JSON as application/json with X-Content-Type-Options: nosniff.',
  references: [
    'https://cwe.mitre.org/data/definitions/79.html',
    'https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html',
  ],
  messages: {
    reflected: '{place} is reflected unescaped into an HTML page: the tag {tag} arrives intact.',
    jsonAsHtml: '{place} is echoed in a JSON response served as {contentType}: a browser renders the injected tag {tag} as HTML.',
  },
} as const;

function isHtml(ex: Exchange): string | undefined {
  if (!ex.outcome.ok) return undefined;
  const ct = ex.outcome.headers['content-type'] ?? '';
  return /text\/html|application\/xhtml/i.test(ct) ? ct : undefined;
}

function looksJson(body: string): boolean {
  const t = body.trim();
  if (!/^[{[]/.test(t)) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

export default injectionScanCheck(
  defineInjectionCheck({
  meta,
  places: ['path', 'query', 'body', 'form', 'multipart'],
  accepts: (p) => p.jsonType === undefined || p.jsonType === 'string',
  async testPoint(ctx) {
    const hits: { ex: Exchange; tag: string; payload: string }[] = [];
    for (let i = 0; i < 2; i++) {
      const c = canary(ctx.random, 8);
      const tag = `<${c}>`;
      const payload = `${ctx.point.original}'"${tag}`;
      const ex = await ctx.prober.must(applyMutation(ctx.base, ctx.point, { kind: 'value', value: payload }));
      if (!isHtml(ex) || !ex.outcome.body.includes(tag)) return undefined;
      hits.push({ ex, tag, payload });
    }
    const first = hits[0]!;
    const contentType = isHtml(first.ex)!;
    const asJson = first.ex.outcome.ok && looksJson(first.ex.outcome.body);
    const messageId = asJson ? 'jsonAsHtml' : 'reflected';
    return {
      messageId,
      data: { place: describePoint(ctx.point), tag: first.tag, contentType },
      title: `${asJson ? 'JSON served as HTML echoes' : 'Reflected cross-site scripting in'} ${describePoint(ctx.point)}`,
      evidence: {
        summary: `The tag ${first.tag} came back unescaped in a ${contentType} response (confirmed with a second random tag).`,
        payload: first.payload,
        exchanges: [toEvidence(first.ex, 'probe', first.tag), toEvidence(hits[1]!.ex, 'confirmation', hits[1]!.tag)],
        data: { contentType },
      },
    };
  },
}),
);
