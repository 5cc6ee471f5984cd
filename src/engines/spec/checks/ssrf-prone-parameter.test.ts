import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './ssrf-prone-parameter.js';

testSpecCheck(check, {
  valid: [
    { name: 'ordinary names', spec: { paths: { '/a': { post: { parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }], requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { title: { type: 'string' } } } } } }, responses: { '200': { description: 'ok' } } } } } } },
    { name: 'read-only url field', spec: { paths: { '/a': { post: { requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { url: { type: 'string', readOnly: true } } } } } }, responses: { '200': { description: 'ok' } } } } } } },
  ],
  invalid: [
    {
      name: 'callback parameter and webhook field',
      spec: { paths: { '/hooks': { post: { parameters: [{ name: 'redirect_uri', in: 'query', schema: { type: 'string' } }], requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { webhookUrl: { type: 'string' }, avatar: { type: 'string', format: 'uri' } } } } } }, responses: { '200': { description: 'ok' } } } } } },
      expect: [
        { messageId: 'parameter', at: '/paths/~1hooks/post/parameters/0' },
        { messageId: 'field', at: '/paths/~1hooks/post/requestBody/content/application~1json/schema/properties/webhookUrl' },
        { messageId: 'field', at: '/paths/~1hooks/post/requestBody/content/application~1json/schema/properties/avatar' },
      ],
    },
  ],
});
