import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './admin-shares-user-security.js';

const ok = { responses: { '200': { description: 'ok' } } };
const schemes = { components: { securitySchemes: { o: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://a.example/t', scopes: { read: 'r', admin: 'a' } } } } } } };
testSpecCheck(check, {
  valid: [
    { name: 'admin scope', spec: { ...schemes, paths: { '/me': { get: { ...ok, security: [{ o: ['read'] }] } }, '/admin/users': { get: { ...ok, security: [{ o: ['admin'] }] } } } } },
  ],
  invalid: [
    {
      name: 'same requirement document-wide',
      spec: { ...schemes, security: [{ o: ['read'] }], paths: { '/me': { get: ok }, '/admin/users': { delete: ok } } },
      expect: [{ messageId: 'shared', at: '/paths/~1admin~1users/delete' }],
    },
    {
      name: 'admin tag with the user requirement',
      spec: { ...schemes, paths: { '/me': { get: { ...ok, security: [{ o: ['read'] }] } }, '/users/{id}/ban': { post: { ...ok, tags: ['admin'], security: [{ o: ['read'] }] } } } },
      expect: [{ messageId: 'shared', at: '/paths/~1users~1{id}~1ban/post/security' }],
    },
  ],
});
