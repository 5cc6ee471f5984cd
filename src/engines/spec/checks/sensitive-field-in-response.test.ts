import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './sensitive-field-in-response.js';

const get = (schema: unknown, path = '/users/{id}') => ({ [path]: { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } } } } });
testSpecCheck(check, {
  valid: [
    { name: 'ordinary fields and flags', spec: { paths: get({ type: 'object', properties: { name: { type: 'string' }, hasPassword: { type: 'boolean' }, passwordChangedAt: { type: 'string', format: 'date-time' } } }) } },
    { name: 'write-only password', spec: { paths: get({ type: 'object', properties: { password: { type: 'string', writeOnly: true } } }) } },
    { name: 'token from the sign-in endpoint', spec: { paths: get({ type: 'object', properties: { access_token: { type: 'string' } } }, '/auth/token') } },
  ],
  invalid: [
    {
      name: 'hash, ssn and card code',
      spec: { paths: get({ type: 'object', properties: { password_hash: { type: 'string' }, ssn: { type: 'string' }, cvv: { type: 'string' } } }) },
      expect: [
        { messageId: 'sensitive', at: '/paths/~1users~1{id}/get/responses/200/content/application~1json/schema/properties/password_hash', severity: 'high' },
        { messageId: 'sensitive', at: '/paths/~1users~1{id}/get/responses/200/content/application~1json/schema/properties/ssn', severity: 'medium' },
        { messageId: 'sensitive', at: '/paths/~1users~1{id}/get/responses/200/content/application~1json/schema/properties/cvv', severity: 'high' },
      ],
    },
    {
      name: 'nested in a shared schema of another file',
      spec: { paths: get({ $ref: 'models.yaml#/User' }) },
      files: { 'models.yaml': 'User:\n  type: object\n  properties:\n    profile:\n      type: object\n      properties:\n        apiKey:\n          type: string\n' },
      expect: [{ messageId: 'sensitive', at: '/User/properties/profile/properties/apiKey', file: 'models.yaml' }],
    },
  ],
});
