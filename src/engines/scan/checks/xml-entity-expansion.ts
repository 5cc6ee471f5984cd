import type { HttpResponse } from '../../../http/types.js';
import { defineScanCheck } from '../define.js';
import { marker } from '../evaluate.js';

const meta = {
  id: 'scan/xml-entity-expansion',
  title: 'XML with DTD entities accepted where JSON is declared',
  severity: 'high',
  confidence: 'high',
  domain: 'input-validation',
  owasp: ['API8:2023'],
  cwe: ['CWE-776', 'CWE-611'],
  description:
    'Sends the operation\'s body as XML with an internal DTD entity (never an external one) to an endpoint that declares JSON, and reports when the response shows the entity expanded: the parser resolves DTDs, the door to entity-expansion denial of service and XXE.',
  remediation: 'Accept only the declared content types (answer 415 otherwise); if XML is needed, disable DTD processing in the parser.',
  references: [
    'https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html',
    'https://owasp.org/www-community/vulnerabilities/XML_External_Entity_(XXE)_Processing',
  ],
  messages: {
    expanded: '{method} {path} parsed an XML body with a DTD and expanded the internal entity {entity}.',
  },
} as const;

/** The probe body: each example field set to an internal entity reference. Pure. */
export function xmlProbe(example: unknown, value: string): string {
  const fields = example && typeof example === 'object' && !Array.isArray(example) ? Object.keys(example as object).filter((k) => /^[A-Za-z_][\w.-]*$/.test(k)) : [];
  const inner = (fields.length > 0 ? fields : ['value']).map((k) => `<${k}>&rampart;</${k}>`).join('');
  return `<?xml version="1.0"?>\n<!DOCTYPE root [<!ENTITY rampart "${value}">]>\n<root>${inner}</root>`;
}

/** True when the response shows the expanded entity and not the raw reference. Pure. */
export function entityExpanded(res: Pick<HttpResponse, 'status' | 'body'>, value: string): boolean {
  return res.status > 0 && res.status < 500 && res.body.includes(value) && !res.body.includes('&rampart;') && !res.body.includes('ENTITY');
}

export default defineScanCheck({
  meta,
  scope: 'operation',
  appliesTo: (op) => op.method !== 'DELETE' && Boolean(op.requestBody?.content.some((c) => /json/i.test(c.mediaType))) && !op.requestBody!.content.some((c) => /xml/i.test(c.mediaType)),
  plan: (op) => ({ requests: 1, writes: op.method !== 'GET' }),
  async run(op, ctx, report) {
    // an echo of the request body contains the DTD itself, which entityExpanded() rules out
    const value = marker(() => ctx.random(), 'rmpx');
    const res = await ctx.send(ctx.request(op, { rawBody: xmlProbe(ctx.exampleBody(op), value), contentType: 'application/xml' }));
    if (entityExpanded(res, value)) {
      report({ messageId: 'expanded', data: { method: op.method, path: op.path, entity: '&rampart;' }, payload: 'internal entity only', exchanges: [{ response: res, label: 'probe' }] });
    }
  },
});
