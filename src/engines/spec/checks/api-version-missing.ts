import { defineSpecCheck } from '../define.js';

export default defineSpecCheck({
  meta: {
    id: 'spec/api-version-missing',
    title: 'API version not stated',
    severity: 'low',
    confidence: 'high',
    domain: 'inventory',
    owasp: ['API9:2023'],
    cwe: ['CWE-1059'],
    description: 'The document has no `info.version` (or an empty one): nobody can tell which release of the API it describes, so old and new versions cannot be inventoried or retired.',
    remediation: 'Set `info.version` to the version of the API the document describes, and bump it with each release.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/', 'https://spec.openapis.org/oas/v3.1.0#info-object'],
    messages: { noVersion: 'The document states no API version (info.version).' },
  },
  category: 'inventory',
  given: '$.info',
  field: 'version',
  assert: { fn: 'truthy' },
  messageId: 'noVersion',
});
