import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './readonly-property-writable.js';

const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const user = { type: 'object', properties: { id: { type: 'string', readOnly: true }, credits: { type: 'integer', readOnly: true }, name: { type: 'string' } } };
testSpecCheck(check, {
  valid: [
    { name: 'same schema both ways', spec: { components: { schemas: { User: user } }, paths: { '/users/{id}': { get: { responses: { '200': { description: 'ok', ...json({ $ref: '#/components/schemas/User' }) } } }, put: { requestBody: json({ $ref: '#/components/schemas/User' }), responses: { '200': { description: 'ok' } } } } } } },
    { name: 'update schema without server fields', spec: { paths: { '/users/{id}': { get: { responses: { '200': { description: 'ok', ...json(user) } } }, patch: { requestBody: json({ type: 'object', properties: { name: { type: 'string' } } }), responses: { '200': { description: 'ok' } } } } } } },
  ],
  invalid: [
    {
      name: 'update schema accepts a read-only field',
      spec: { paths: { '/users/{id}': { get: { responses: { '200': { description: 'ok', ...json(user) } } }, patch: { requestBody: json({ type: 'object', properties: { name: { type: 'string' }, credits: { type: 'integer' } } }), responses: { '200': { description: 'ok' } } } } } },
      expect: [{ messageId: 'writable', at: '/paths/~1users~1{id}/patch/requestBody/content/application~1json/schema/properties/credits' }],
    },
  ],
});
