import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './map-unbounded.js';

const body = (schema: unknown) => ({ '/things': { post: { requestBody: { content: { 'application/json': { schema } } }, responses: { '200': { description: 'ok' } } } } });
testSpecCheck(check, {
  valid: [
    { name: 'bounded map', spec: { paths: body({ type: 'object', maxProperties: 20, additionalProperties: { type: 'string', maxLength: 100 } }) } },
    { name: 'plain object', spec: { paths: body({ type: 'object', properties: { a: { type: 'string' } } }) } },
  ],
  invalid: [
    { name: 'metadata map', spec: { paths: body({ type: 'object', properties: { metadata: { type: 'object', additionalProperties: { type: 'string' } } } }) }, expect: [{ messageId: 'unbounded', at: '/paths/~1things/post/requestBody/content/application~1json/schema/properties/metadata' }] },
  ],
});
