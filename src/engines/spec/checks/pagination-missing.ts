import type { Schema } from '../../../surface/model.js';
import { defineSpecCheck } from '../define.js';
import { typesOf } from '../doc.js';
import { PAGINATION_PARAM, normName } from '../names.js';

const WRAPPERS = new Set(['data', 'items', 'results', 'records', 'list', 'entries', 'elements', 'content', 'values', 'rows', 'hits']);
const PAGING_FIELDS = /^(next|nextcursor|nextpage|nextpagetoken|nexttoken|cursor|hasmore|hasnext|hasnextpage|pageinfo|page|pagination|links|totalpages|offset|continuationtoken)$/;

/** The list a response returns: the schema itself if an array, or its array property named like a list. */
function listIn(schema: Schema | undefined, lastSegment: string): boolean {
  if (!schema) return false;
  if (typesOf(schema).includes('array')) return true;
  const props = schema.properties as Record<string, Schema> | undefined;
  if (!props || typeof props !== 'object') return false;
  if (Object.keys(props).some((k) => PAGING_FIELDS.test(normName(k)))) return false;
  return Object.entries(props).some(([k, v]) => (WRAPPERS.has(normName(k)) || normName(k) === normName(lastSegment)) && v && typeof v === 'object' && typesOf(v).includes('array'));
}

export default defineSpecCheck({
  meta: {
    id: 'spec/pagination-missing',
    title: 'List operation without pagination',
    severity: 'medium',
    confidence: 'low',
    domain: 'misconfiguration',
    owasp: ['API4:2023'],
    cwe: ['CWE-770'],
    description:
      'A GET on a collection returns a list but takes no paging parameter (`limit`, `page`, `cursor`, `offset`, `starting_after`...) and its response has no paging fields: every call returns the whole collection, which grows with the data and makes the operation a cheap denial-of-service lever.',
    remediation: 'Add a bounded page size parameter (`limit` with a `maximum`) and a cursor or page parameter; return the next cursor in the response.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/', 'https://cwe.mitre.org/data/definitions/770.html'],
    messages: { noPaging: '{op} returns a list but takes no paging parameter.' },
  },
  category: 'resource-consumption',
  detect(doc, report) {
    for (const a of doc.operations) {
      if (a.op.method !== 'GET' || /\}\/?$/.test(a.op.path)) continue;
      if (a.op.parameters.some((p) => p.in === 'query' && PAGINATION_PARAM.test(normName(p.name)))) continue;
      const last = a.op.path.split('/').filter(Boolean).pop() ?? '';
      const ok = a.op.responses.find((r) => /^2/.test(r.status));
      if (!ok || !ok.content.some((c) => listIn(c.schema, last))) continue;
      report({ at: a.place, messageId: 'noPaging', data: { op: a.label }, op: a });
    }
  },
});
