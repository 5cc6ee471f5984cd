import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './optional-security.js';

const ok = { responses: { '200': { description: 'ok' } } };
const schemes = { components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } } } };
testSpecCheck(check, {
  valid: [
    { name: 'required security', spec: { ...schemes, security: [{ key: [] }], paths: { '/a': { get: ok } } } },
    { name: 'optional on a public operation', spec: { ...schemes, paths: { '/a': { get: { ...ok, security: [{}, { key: [] }], 'x-rampart-public': true } } } } },
    { name: 'optional root overridden everywhere', spec: { ...schemes, security: [{}], paths: { '/a': { get: { ...ok, security: [{ key: [] }] } } } } },
  ],
  invalid: [
    { name: 'empty entry beside a scheme', spec: { ...schemes, paths: { '/a': { get: { ...ok, security: [{ key: [] }, {}] } } } }, expect: [{ messageId: 'optional', at: '/paths/~1a/get/security/1' }] },
    { name: 'optional document-wide', spec: { ...schemes, security: [{}], paths: { '/a': { get: ok } } }, expect: [{ messageId: 'optionalRoot', at: '/security/0' }] },
  ],
});
