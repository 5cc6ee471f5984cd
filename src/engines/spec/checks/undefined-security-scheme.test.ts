import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './undefined-security-scheme.js';

const ok = { responses: { '200': { description: 'ok' } } };
testSpecCheck(check, {
  valid: [{ name: 'defined', spec: { security: [{ key: [] }], components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X' } } }, paths: { '/a': { get: ok } } } }],
  invalid: [
    { name: 'typo at the top', spec: { security: [{ Key: [] }], components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X' } } } }, expect: [{ messageId: 'undefinedScheme', at: '/security/0/Key' }] },
    { name: 'operation names a missing scheme', spec: { paths: { '/a': { get: { ...ok, security: [{ jwt: [] }] } } } }, expect: [{ messageId: 'undefinedScheme', at: '/paths/~1a/get/security/0/jwt' }] },
  ],
});
