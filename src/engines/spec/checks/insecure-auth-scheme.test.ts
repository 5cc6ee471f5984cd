import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './insecure-auth-scheme.js';

testSpecCheck(check, {
  valid: [{ name: 'bearer', spec: { components: { securitySchemes: { b: { type: 'http', scheme: 'bearer' } } } } }],
  invalid: [
    { name: 'digest', spec: { components: { securitySchemes: { d: { type: 'http', scheme: 'digest' } } } }, expect: [{ messageId: 'weak', at: '/components/securitySchemes/d/scheme' }] },
    { name: 'negotiate', spec: { components: { securitySchemes: { n: { type: 'http', scheme: 'Negotiate' } } } }, expect: [{ messageId: 'weak', at: '/components/securitySchemes/n/scheme' }] },
  ],
});
