import { defineSpecCheck } from '../define.js';
import { isCredentialName, normName } from '../names.js';

/** `/tokens/{token}`: the parameter names the resource the path is about, not a credential. */
function isResourceIdentifier(path: string, name: string): boolean {
  const segs = path.split('/');
  const i = segs.indexOf(`{${name}}`);
  if (i <= 0) return false;
  const prev = normName(segs[i - 1]!);
  const n = normName(name);
  const singular = prev.replace(/(ies)$/, 'y').replace(/s$/, '');
  return n === prev || n === singular || n === `${singular}id`;
}

export default defineSpecCheck({
  meta: {
    id: 'spec/credentials-in-url',
    title: 'Credential passed in a URL parameter',
    severity: 'high',
    confidence: 'medium',
    domain: 'authentication',
    owasp: ['API2:2023'],
    cwe: ['CWE-598'],
    description:
      'A query or path parameter whose name says it carries a password, secret, token or key puts that credential in the URL, where logs, proxies, browser history and Referer headers keep it. Pagination tokens and path parameters that name the resource itself (`/tokens/{token}`) are not reported.',
    remediation: 'Send credentials in a header (`Authorization`) or in the request body, never in the URL.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/', 'https://cwe.mitre.org/data/definitions/598.html'],
    messages: { credential: '{op} takes the credential "{name}" in the {in}: URLs are logged and cached.' },
  },
  category: 'authentication',
  detect(doc, report) {
    for (const a of doc.operations) {
      for (const p of a.op.parameters) {
        if (p.in !== 'query' && p.in !== 'path') continue;
        if (!isCredentialName(p.name)) continue;
        if (p.in === 'path' && isResourceIdentifier(a.op.path, p.name)) continue;
        report({ at: { file: p.file ?? doc.rootFile, pointer: `${p.pointer}/name` }, messageId: 'credential', data: { op: a.label, name: p.name, in: p.in }, op: a });
      }
    }
  },
});
