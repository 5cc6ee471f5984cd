import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './auth-error-responses-missing.js';

const schemes = { components: { securitySchemes: { o: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://a.example/t', scopes: { read: 'r' } } } }, key: { type: 'apiKey', in: 'header', name: 'X' } } } };
testSpecCheck(check, {
  valid: [
    { name: 'anonymous operation', spec: { paths: { '/a': { get: { responses: { '200': { description: 'ok' } } } } } } },
    { name: 'secured with 401', spec: { ...schemes, security: [{ key: [] }], paths: { '/a': { get: { responses: { '200': { description: 'ok' }, '401': { description: 'no' } } } } } } },
    { name: 'default response covers', spec: { ...schemes, security: [{ o: ['read'] }], paths: { '/a': { get: { responses: { '200': { description: 'ok' }, default: { description: 'error' } } } } } } },
  ],
  invalid: [
    { name: 'secured without 401', spec: { ...schemes, security: [{ key: [] }], paths: { '/a': { get: { responses: { '200': { description: 'ok' } } } } } }, expect: [{ messageId: 'missing401', at: '/paths/~1a/get/responses' }] },
    { name: 'scoped without 403', spec: { ...schemes, security: [{ o: ['read'] }], paths: { '/a': { get: { responses: { '200': { description: 'ok' }, '401': { description: 'no' } } } } } }, expect: [{ messageId: 'missing403', at: '/paths/~1a/get/responses' }] },
  ],
});
