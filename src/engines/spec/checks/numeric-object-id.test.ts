import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './numeric-object-id.js';

const op = (name: string, schema: unknown, where = 'path') => ({ get: { parameters: [{ name, in: where, required: true, schema }], responses: { '200': { description: 'ok' } } } });
testSpecCheck(check, {
  valid: [
    { name: 'uuid id', spec: { paths: { '/users/{id}': op('id', { type: 'string', format: 'uuid' }) } } },
    { name: 'integer that is not an id', spec: { paths: { '/pages/{page}': op('page', { type: 'integer' }) } } },
  ],
  invalid: [
    { name: 'integer id', spec: { paths: { '/users/{id}': op('id', { type: 'integer' }) } }, expect: [{ messageId: 'numeric', at: '/paths/~1users~1{id}/get/parameters/0' }] },
    { name: 'integer user_id in the query', spec: { paths: { '/orders': op('user_id', { type: 'integer', format: 'int64' }, 'query') } }, expect: [{ messageId: 'numeric', at: '/paths/~1orders/get/parameters/0' }] },
    {
      name: 'shared parameter reported once where it is written',
      spec: { components: { parameters: { Id: { name: 'orderId', in: 'path', required: true, schema: { type: 'integer' } } } }, paths: { '/orders/{orderId}': { get: { parameters: [{ $ref: '#/components/parameters/Id' }], responses: { '200': { description: 'ok' } } }, delete: { parameters: [{ $ref: '#/components/parameters/Id' }], responses: { '204': { description: 'ok' } } } } } },
      expect: [{ messageId: 'numeric', at: '/components/parameters/Id' }],
    },
  ],
});
