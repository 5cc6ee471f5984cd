import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './api-key-in-url.js';

testSpecCheck(check, {
  valid: [
    { name: 'header key', spec: { components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } } } } },
    { name: 'cookie key', spec: { components: { securitySchemes: { key: { type: 'apiKey', in: 'cookie', name: 'sid' } } } } },
  ],
  invalid: [
    { name: 'query key', spec: { components: { securitySchemes: { key: { type: 'apiKey', in: 'query', name: 'api_key' } } } }, expect: [{ messageId: 'inUrl', at: '/components/securitySchemes/key/in' }] },
    { name: 'swagger query key', spec: { swagger: '2.0', securityDefinitions: { k: { type: 'apiKey', in: 'query', name: 'key' } } }, expect: [{ messageId: 'inUrl', at: '/securityDefinitions/k/in' }] },
  ],
});
