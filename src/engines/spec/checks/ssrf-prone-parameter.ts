import { defineSpecCheck } from '../define.js';
import { typesOf } from '../doc.js';
import { isSsrfProneName, normName } from '../names.js';

/** Where the browser is sent back to: an open-redirect risk, lower than a server-side fetch. */
const severityOf = (name: string) => (/(return|success|cancel|redirect|continue|goto|back)/.test(normName(name)) ? 'low' : 'medium');

const URL_FORMATS = new Set(['uri', 'url', 'iri', 'hostname']);

export default defineSpecCheck({
  meta: {
    id: 'spec/ssrf-prone-parameter',
    title: 'Input takes a URL the server may fetch (SSRF review)',
    severity: 'medium',
    confidence: 'low',
    domain: 'injection',
    owasp: ['API7:2023'],
    cwe: ['CWE-918'],
    description:
      'A parameter or request body field carries a URL, host or callback (by its name, e.g. `callback_url`, `webhook`, `redirect_uri`, `host`, or by `format: uri`). If the server fetches it, an attacker can make it call internal services or cloud metadata endpoints (SSRF); if it redirects to it, it is an open redirect. Flagged for review: medium for inputs the server may fetch, low for return and redirect targets.',
    remediation: 'Accept only URLs on an allow-list of hosts and schemes, resolve and check the address before connecting (no private, loopback or link-local ranges), and do not follow redirects blindly.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa7-server-side-request-forgery/', 'https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html'],
    messages: {
      parameter: '{op} takes the URL-like parameter "{name}": review how the server uses it (SSRF, open redirect).',
      field: '{op} takes the URL-like field "{name}" in its request body: review how the server uses it (SSRF, open redirect).',
    },
  },
  category: 'ssrf',
  detect(doc, report) {
    for (const a of doc.operations) {
      for (const p of a.op.parameters) {
        const fmt = p.schema && typeof p.schema.format === 'string' ? p.schema.format : '';
        if (!isSsrfProneName(p.name) && !URL_FORMATS.has(fmt)) continue;
        if (p.schema && !typesOf(p.schema).every((t) => t === 'string' || t === 'null' || t === 'array')) continue;
        report({ at: { file: p.file ?? doc.rootFile, pointer: p.pointer! }, messageId: 'parameter', data: { op: a.label, name: p.name }, severity: severityOf(p.name), op: a });
      }
    }
    // Only the nodes whose properties are an object (walkSchemas' `properties`).
    doc.walkSchemas('request', (node, info) => {
      if (info.isParameter) return;
      const props = node.properties as object;
      // The document's key list (doc.keysOf): large properties objects are slow to enumerate.
      const names = doc.keysOf(props);
      for (let k = 0; k < names.length; k++) {
        const name = names[k]!;
        const raw = (props as Record<string, unknown>)[name];
        const prop = (raw ?? {}) as Record<string, unknown>;
        // The name or the format first (the name is cached; almost no property passes), then the rest.
        if (!isSsrfProneName(name)) {
          const fmt = prop.format;
          if (typeof fmt !== 'string' || !URL_FORMATS.has(fmt)) continue;
        }
        if (prop.readOnly === true) continue;
        const types = typesOf(prop);
        if (types.length > 0 && !types.includes('string')) continue;
        report({ at: doc.propertyPlace(node, name) ?? info.op.place, messageId: 'field', data: { op: info.op.label, name }, severity: severityOf(name), op: info.op });
      }
    }, 'properties');
  },
});
