import { defineSpecCheck } from '../define.js';
import { typesOf } from '../doc.js';
import { isIdName } from '../names.js';

export default defineSpecCheck({
  meta: {
    id: 'spec/numeric-object-id',
    title: 'Guessable numeric object identifier',
    severity: 'low',
    confidence: 'medium',
    domain: 'authorization',
    owasp: ['API1:2023'],
    cwe: ['CWE-639'],
    description:
      'A path or query parameter that identifies an object (`id`, `userId`, `order_id`) typed as an integer: sequential ids let an attacker enumerate other users\' objects, which turns any missing object-level authorization check into a data breach.',
    remediation: 'Use random, non-sequential identifiers (UUIDs, ULIDs) in URLs, and check that the caller may access the object on every request.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/', 'https://cwe.mitre.org/data/definitions/639.html'],
    messages: { numeric: '{op} identifies objects by the integer "{name}": ids can be guessed and enumerated.' },
  },
  category: 'authorization',
  detect(doc, report) {
    for (const a of doc.operations) {
      for (const p of a.op.parameters) {
        if ((p.in !== 'path' && p.in !== 'query') || !isIdName(p.name) || !p.schema) continue;
        if (!typesOf(p.schema).includes('integer')) continue;
        report({ at: { file: p.file ?? doc.rootFile, pointer: p.pointer! }, messageId: 'numeric', data: { op: a.label, name: p.name }, op: a });
      }
    }
  },
});
