import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './operation-without-security.js';

const ok = { responses: { '200': { description: 'ok' } } };
testSpecCheck(check, {
  valid: [
    { name: 'document-wide security', spec: { security: [{ key: [] }], components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } } }, paths: { '/orders': { post: ok } } } },
    { name: 'operation security', spec: { paths: { '/orders': { post: { ...ok, security: [{ key: [] }] } } }, components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } } } } },
    { name: 'marked public', spec: { paths: { '/catalogue': { get: { ...ok, 'x-rampart-public': true } } } } },
    { name: 'sign-in and health are anonymous by nature', spec: { paths: { '/auth/login': { post: ok }, '/health': { get: ok }, '/oauth/token': { post: ok } } } },
  ],
  invalid: [
    {
      name: 'no security anywhere',
      spec: { paths: { '/orders': { post: ok, get: ok } } },
      expect: [
        { messageId: 'noSecurity', at: '/paths/~1orders/post', severity: 'high' },
        { messageId: 'noSecurity', at: '/paths/~1orders/get', severity: 'medium' },
      ],
    },
    {
      name: 'security switched off on a write',
      spec: { security: [{ key: [] }], components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } } }, paths: { '/orders/{id}': { delete: { ...ok, security: [], parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] } } } },
      expect: [{ messageId: 'explicitNone', at: '/paths/~1orders~1{id}/delete/security', severity: 'medium' }],
    },
    {
      name: 'admin path is never anonymous by nature',
      spec: { paths: { '/admin/health': { get: ok } } },
      expect: [{ messageId: 'noSecurity', at: '/paths/~1admin~1health/get', severity: 'high' }],
    },
  ],
});
