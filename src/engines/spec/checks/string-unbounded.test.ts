import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './string-unbounded.js';

const q = (schema: unknown) => ({ '/search': { get: { parameters: [{ name: 'q', in: 'query', schema }], responses: { '200': { description: 'ok' } } } } });
testSpecCheck(check, {
  valid: [
    { name: 'maxLength', spec: { paths: q({ type: 'string', maxLength: 100 }) } },
    { name: 'enum', spec: { paths: q({ type: 'string', enum: ['a', 'b'] }) } },
    { name: 'bounded format', spec: { paths: q({ type: 'string', format: 'uuid' }) } },
    { name: 'fixed-length pattern', spec: { paths: q({ type: 'string', pattern: '^[A-Z]{2}[0-9]{4}$' }) } },
    { name: 'response strings are not input', spec: { paths: { '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'string' } } } } } } } } } },
  ],
  invalid: [
    { name: 'bare string parameter', spec: { paths: q({ type: 'string' }) }, expect: [{ messageId: 'unbounded', at: '/paths/~1search/get/parameters/0/schema' }] },
    { name: 'open pattern', spec: { paths: q({ type: 'string', pattern: '^[a-z]+$' }) }, expect: [{ messageId: 'unbounded', at: '/paths/~1search/get/parameters/0/schema' }] },
    {
      name: 'body field, read-only fields skipped',
      spec: { paths: { '/notes': { post: { requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string', readOnly: true }, text: { type: 'string' } } } } } }, responses: { '201': { description: 'ok' } } } } } },
      expect: [{ messageId: 'unbounded', at: '/paths/~1notes/post/requestBody/content/application~1json/schema/properties/text' }],
    },
  ],
});
