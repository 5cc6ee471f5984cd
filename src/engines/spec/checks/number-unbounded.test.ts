import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './number-unbounded.js';

const q = (schema: unknown) => ({ '/items': { get: { parameters: [{ name: 'limit', in: 'query', schema }], responses: { '200': { description: 'ok' } } } } });
testSpecCheck(check, {
  valid: [
    { name: 'both bounds', spec: { paths: q({ type: 'integer', minimum: 1, maximum: 100 }) } },
    { name: 'exclusive bounds (3.1)', spec: { openapi: '3.1.0', paths: q({ type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }) } },
    { name: 'enum', spec: { paths: q({ type: 'integer', enum: [10, 20, 50] }) } },
  ],
  invalid: [
    { name: 'no maximum', spec: { paths: q({ type: 'integer', minimum: 1 }) }, expect: [{ messageId: 'unbounded', at: '/paths/~1items/get/parameters/0/schema' }] },
    { name: 'swagger parameter without bounds', spec: { swagger: '2.0', paths: { '/items': { get: { parameters: [{ name: 'limit', in: 'query', type: 'integer' }], responses: { '200': { description: 'ok' } } } } } }, expect: [{ messageId: 'unbounded', at: '/paths/~1items/get/parameters/0' }] },
  ],
});
