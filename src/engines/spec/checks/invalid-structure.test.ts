import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './invalid-structure.js';

const ok = { '200': { description: 'ok' } };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
testSpecCheck(check, {
  valid: [
    { name: 'well-formed', spec: { paths: { '/a/{id}': { parameters: [idParam], get: { operationId: 'getA', responses: ok } } }, servers: [{ url: 'https://{region}.example.com', variables: { region: { default: 'eu' } } }] } },
    { name: 'swagger 2.0 body parameter', spec: { swagger: '2.0', paths: { '/a': { post: { parameters: [{ name: 'b', in: 'body', schema: { type: 'object' } }], responses: ok } } } } },
    { name: '3.1 without paths', spec: { openapi: '3.1.0', paths: undefined, webhooks: {} } },
  ],
  invalid: [
    {
      name: 'path parameters',
      spec: { paths: { '/a/{id}/{other}': { get: { parameters: [{ name: 'id', in: 'path', schema: { type: 'string' } }, { name: 'gone', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } } } },
      expect: [
        { messageId: 'pathParamNotRequired', at: '/paths/~1a~1{id}~1{other}/get/parameters/0' },
        { messageId: 'unusedPathParam', at: '/paths/~1a~1{id}~1{other}/get/parameters/1' },
        { messageId: 'undeclaredPathParam', at: '/paths/~1a~1{id}~1{other}/get' },
      ],
    },
    {
      name: 'operations',
      spec: {
        paths: {
          a: { get: { operationId: 'x', responses: ok } },
          '/b': { get: { operationId: 'x', responses: {} }, post: { responses: { '201': {} }, requestBody: {}, parameters: [{ name: 'q', in: 'query' }, { name: 'q', in: 'query' }, { name: 'z', in: 'body' }] } },
        },
      },
      expect: [
        { messageId: 'badPath', at: '/paths/a' },
        { messageId: 'duplicateOperationId', at: '/paths/~1b/get/operationId' },
        { messageId: 'noResponses', at: '/paths/~1b/get' },
        { messageId: 'responseNoDescription', at: '/paths/~1b/post/responses/201' },
        { messageId: 'bodyNoContent', at: '/paths/~1b/post/requestBody' },
        { messageId: 'duplicateParameter', at: '/paths/~1b/post/parameters/1' },
        { messageId: 'badParameter', at: '/paths/~1b/post/parameters/2' },
      ],
    },
    {
      name: 'document level',
      text: 'openapi: 3.0.3\ninfo:\n  version: "1"\nservers:\n  - url: https://{env}.example.com\ncomponents:\n  securitySchemes:\n    k:\n      type: apikey\n',
      expect: [
        { messageId: 'noTitle', at: '/info' },
        { messageId: 'noPaths', at: '' },
        { messageId: 'serverVariableUndefined', at: '/servers/0/url' },
        { messageId: 'badSchemeType', at: '/components/securitySchemes/k' },
      ],
    },
    { name: 'no info', text: 'openapi: 3.0.3\npaths: {}\n', expect: [{ messageId: 'noInfo', at: '' }] },
    {
      name: 'path item parameters, read once for all its operations',
      spec: { paths: { '/c/{id}': { parameters: [{ name: 'id', in: 'path', schema: { type: 'string' } }, { name: 'q', in: 'nowhere' }], get: { responses: ok }, put: { responses: ok } }, '/d/{id}': { get: { responses: ok } } } },
      expect: [
        { messageId: 'pathParamNotRequired', at: '/paths/~1c~1{id}/parameters/0' },
        { messageId: 'badParameter', at: '/paths/~1c~1{id}/parameters/1' },
        { messageId: 'undeclaredPathParam', at: '/paths/~1d~1{id}/get' },
      ],
    },
  ],
});
