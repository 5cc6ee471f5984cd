import { defineSpecCheck } from '../define.js';

const SUNSET_WORDS = /\b(sunset|removed? (on|after|in)|until \d{4}|\d{4}-\d{2}-\d{2})\b/i;

export default defineSpecCheck({
  meta: {
    id: 'spec/deprecated-operation',
    title: 'Deprecated operation still served without a sunset date',
    severity: 'low',
    confidence: 'medium',
    domain: 'inventory',
    owasp: ['API9:2023'],
    cwe: ['CWE-1059'],
    description:
      'An operation is marked `deprecated: true` but states no end: no `Sunset`/`Deprecation` response header, no `x-sunset` extension, no removal date in its description. Deprecated code paths that stay up forever keep old flaws reachable and fall out of maintenance.',
    remediation: 'Announce a removal date (`Sunset` header, RFC 8594, and `x-sunset`), monitor its remaining callers, and remove the operation when the date passes.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/', 'https://www.rfc-editor.org/rfc/rfc8594'],
    messages: { noSunset: '{op} is deprecated but still served, with no sunset date.' },
  },
  category: 'inventory',
  detect(doc, report) {
    for (const a of doc.operations) {
      if (!a.op.deprecated) continue;
      if (a.raw['x-sunset'] !== undefined) continue;
      if (a.op.responses.some((r) => r.headers.some((h) => /^(sunset|deprecation)$/i.test(h)))) continue;
      if (SUNSET_WORDS.test(`${a.raw.description ?? ''} ${a.op.summary ?? ''}`)) continue;
      report({ at: { file: a.place.file, pointer: `${a.place.pointer}/deprecated` }, messageId: 'noSunset', data: { op: a.label }, op: a });
    }
  },
});
