import { defineCodeCheck, taintReport } from '../define.js';

export default defineCodeCheck({
  kind: 'taint',
  meta: {
    id: 'code/open-redirect',
    title: 'Redirect to a location taken from request input',
    severity: 'medium',
    confidence: 'medium',
    domain: 'injection',
    owasp: [],
    cwe: ['CWE-601'],
    description: 'Request input is the target of a redirect (res.redirect, reply.redirect, Flask/Starlette redirect, RedirectResponse) so the API can send users to any site. Input appended after a fixed local path (`/users/${id}`) is not reported.',
    remediation: 'Redirect only to local paths you build yourself, or compare the target against an allow-list of hosts.',
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html', 'https://cwe.mitre.org/data/definitions/601.html'],
    messages: { tainted: '{source} is the redirect target of {sink}.' },
  },
  sanitisers: ['numeric conversion', 'a fixed local path or host before the input', 'allow-list checks', 'startsWith checks that reject other values', 'URL encoding'],
  sinks: [
    { kind: 'redirect', what: 'redirect', names: ['redirect'], callee: /^(res|response|reply|ctx)\.redirect$/, args: 'all', langs: ['js'] },
    { kind: 'redirect', what: 'redirect', names: ['redirect', 'RedirectResponse', 'HttpResponseRedirect'], callee: /^(redirect|flask\.redirect|RedirectResponse|HttpResponseRedirect)$/, args: [0], kw: ['url', 'location'], langs: ['py'] },
  ],
  accept: (hit) => taintReport(hit, 'tainted'),
});
