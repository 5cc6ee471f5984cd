import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './array-unbounded.js';

const body = (schema: unknown) => ({ '/batch': { post: { requestBody: { content: { 'application/json': { schema } } }, responses: { '200': { description: 'ok' } } } } });
testSpecCheck(check, {
  valid: [{ name: 'maxItems', spec: { paths: body({ type: 'array', maxItems: 100, items: { type: 'integer', minimum: 0, maximum: 9 } }) } }],
  invalid: [
    { name: 'unbounded batch', spec: { paths: body({ type: 'array', items: { type: 'string', maxLength: 10 } }) }, expect: [{ messageId: 'unbounded', at: '/paths/~1batch/post/requestBody/content/application~1json/schema' }] },
    { name: 'array field', spec: { paths: body({ type: 'object', properties: { ids: { type: 'array', items: { type: 'string', format: 'uuid' } } } }) }, expect: [{ messageId: 'unbounded', at: '/paths/~1batch/post/requestBody/content/application~1json/schema/properties/ids' }] },
  ],
});
