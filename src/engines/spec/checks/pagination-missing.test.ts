import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './pagination-missing.js';

const list = (schema: unknown, parameters: unknown[] = []) => ({ get: { parameters, responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } } } });
const arr = { type: 'array', items: { type: 'object' } };
testSpecCheck(check, {
  valid: [
    { name: 'limit parameter', spec: { paths: { '/users': list(arr, [{ name: 'limit', in: 'query', schema: { type: 'integer' } }]) } } },
    { name: 'cursor in the response', spec: { paths: { '/users': list({ type: 'object', properties: { data: arr, next_cursor: { type: 'string' } } }) } } },
    { name: 'single object', spec: { paths: { '/users/{id}': list({ type: 'object', properties: { roles: arr } }, [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]) } } },
  ],
  invalid: [
    { name: 'bare array', spec: { paths: { '/users': list(arr) } }, expect: [{ messageId: 'noPaging', at: '/paths/~1users/get' }] },
    { name: 'wrapped list', spec: { paths: { '/orders': list({ type: 'object', properties: { orders: arr } }) } }, expect: [{ messageId: 'noPaging', at: '/paths/~1orders/get' }] },
  ],
});
