import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './additional-properties-allowed.js';

const body = (schema: unknown) => ({ '/things': { post: { requestBody: { content: { 'application/json': { schema } } }, responses: { '201': { description: 'ok' } } } } });
const resp = (schema: unknown) => ({ '/things': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } } } } });
testSpecCheck(check, {
  valid: [
    { name: 'closed request object', spec: { paths: body({ type: 'object', additionalProperties: false, properties: { name: { type: 'string' } } }) } },
    { name: 'closed with unevaluatedProperties', spec: { openapi: '3.1.0', paths: body({ type: 'object', unevaluatedProperties: false, properties: { name: { type: 'string' } } }) } },
    { name: 'a map is not judged here', spec: { paths: body({ type: 'object', additionalProperties: { type: 'string' } }) } },
    { name: 'composition parts are not judged', spec: { paths: body({ allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { type: 'object', properties: { b: { type: 'string' } } }] }) } },
  ],
  invalid: [
    { name: 'request object omits additionalProperties', spec: { paths: body({ type: 'object', properties: { name: { type: 'string' } } }) }, expect: [{ messageId: 'request', at: '/paths/~1things/post/requestBody/content/application~1json/schema', severity: 'medium' }] },
    { name: 'response object allows any', spec: { paths: resp({ type: 'object', additionalProperties: true, properties: { id: { type: 'string' } } }) }, expect: [{ messageId: 'response', at: '/paths/~1things/get/responses/200/content/application~1json/schema', severity: 'low' }] },
    {
      name: 'shared schema used both ways is reported once, as a request',
      spec: { components: { schemas: { Thing: { type: 'object', properties: { id: { type: 'string' } } } } }, paths: { '/things': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } }, responses: { '201': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } } } } } },
      expect: [{ messageId: 'request', at: '/components/schemas/Thing', severity: 'medium' }],
    },
  ],
});

testSpecCheck(check, {
  valid: [{ name: 'closed schema behind a $ref with siblings', spec: { components: { schemas: { T: { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } } } }, paths: body({ $ref: '#/components/schemas/T', nullable: true }) } }],
  invalid: [
    {
      name: 'open schema behind a $ref with siblings is still judged',
      spec: { components: { schemas: { T: { type: 'object', properties: { a: { type: 'string' } } } } }, paths: body({ $ref: '#/components/schemas/T', nullable: true }) },
      expect: [{ messageId: 'request', at: '/components/schemas/T', severity: 'medium' }],
    },
  ],
});
