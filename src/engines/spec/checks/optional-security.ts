import { defineSpecCheck } from '../define.js';

export default defineSpecCheck({
  meta: {
    id: 'spec/optional-security',
    title: 'Security requirement is optional',
    severity: 'medium',
    confidence: 'high',
    domain: 'authentication',
    owasp: ['API2:2023'],
    cwe: ['CWE-287'],
    description:
      'An empty entry in a security requirement list (`security: [{}]`, or `{}` beside real schemes) makes authentication optional: a client that sends no credentials is accepted.',
    remediation:
      'Remove the empty `{}` entry. If the operation really serves anonymous callers too, mark it `x-rampart-public: true` and make sure it returns only public data to them.',
    references: ['https://spec.openapis.org/oas/v3.1.0#security-requirement-object', 'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/'],
    messages: {
      optional: '{op} accepts calls without credentials: its security list has an empty requirement.',
      optionalRoot: 'The document-wide security list has an empty requirement: every operation without its own `security` accepts anonymous calls.',
    },
  },
  category: 'authentication',
  detect(doc, report) {
    const root = doc.raw.security;
    const rootOptional = Array.isArray(root) && root.some((r) => r !== null && typeof r === 'object' && Object.keys(r).length === 0);
    let rootInherited = false;
    for (const a of doc.operations) {
      const own = a.raw.security;
      if (!Array.isArray(own)) {
        if (rootOptional && !a.isPublic) rootInherited = true;
        continue;
      }
      if (a.isPublic) continue;
      const i = own.findIndex((r) => r !== null && typeof r === 'object' && Object.keys(r).length === 0);
      if (i >= 0) report({ at: { file: a.place.file, pointer: `${a.place.pointer}/security/${i}` }, messageId: 'optional', data: { op: a.label }, op: a });
    }
    if (rootInherited) {
      const i = (root as unknown[]).findIndex((r) => r !== null && typeof r === 'object' && Object.keys(r as object).length === 0);
      report({ at: `/security/${i}`, messageId: 'optionalRoot' });
    }
  },
});
