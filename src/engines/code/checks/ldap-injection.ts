import { defineCodeCheck, taintReport } from '../define.js';

export default defineCodeCheck({
  kind: 'taint',
  meta: {
    id: 'code/ldap-injection',
    title: 'LDAP filter built from request input',
    severity: 'high',
    confidence: 'medium',
    domain: 'injection',
    owasp: [],
    cwe: ['CWE-90'],
    description: 'Request input is built into an LDAP search filter or DN (ldapjs client.search, ldap3 Connection.search, python-ldap search_s) without escaping, so `*)(uid=*` widens the search or bypasses a login.',
    remediation: 'Escape values for LDAP filters (ldap3 escape_filter_chars, python-ldap filter.escape_filter_chars, ldapjs EqualityFilter objects) or validate them against a strict pattern.',
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/LDAP_Injection_Prevention_Cheat_Sheet.html', 'https://cwe.mitre.org/data/definitions/90.html'],
    messages: { tainted: '{source} is built into the LDAP filter of {sink}.' },
  },
  sanitisers: ['numeric conversion', 'LDAP escaping (escape_filter_chars, ldap.escape.filterValue)', 'allow-list and regular-expression checks'],
  sinks: [
    { kind: 'ldap', what: 'LDAP search', names: ['search'], callee: /(ldap|client|conn|connection|ad)\.search$/i, args: 'all', langs: ['js'] },
    { kind: 'ldap', what: 'LDAP search', names: ['search', 'search_s', 'search_st', 'search_ext', 'search_ext_s'], callee: /(ldap|conn|connection|l|con)\.(search|search_s|search_st|search_ext|search_ext_s)$/i, args: [0, 1, 2], kw: ['search_filter', 'filterstr', 'search_base'], langs: ['py'] },
  ],
  accept: (hit) => taintReport(hit, 'tainted'),
});
