import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './credentials-in-url.js';

const op = (parameters: unknown[]) => ({ get: { parameters, responses: { '200': { description: 'ok' } } } });
testSpecCheck(check, {
  valid: [
    { name: 'token in a header', spec: { paths: { '/a': op([{ name: 'X-Auth-Token', in: 'header', schema: { type: 'string' } }]) } } },
    { name: 'pagination token', spec: { paths: { '/a': op([{ name: 'page_token', in: 'query', schema: { type: 'string' } }, { name: 'nextToken', in: 'query', schema: { type: 'string' } }]) } } },
    { name: 'resource identifier', spec: { paths: { '/v1/tokens/{token}': op([{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }]) } } },
  ],
  invalid: [
    {
      name: 'password and access token in the query',
      spec: { paths: { '/login': op([{ name: 'password', in: 'query', schema: { type: 'string' } }, { name: 'access_token', in: 'query', schema: { type: 'string' } }]) } },
      expect: [
        { messageId: 'credential', at: '/paths/~1login/get/parameters/0/name' },
        { messageId: 'credential', at: '/paths/~1login/get/parameters/1/name' },
      ],
    },
    { name: 'api key in the path', spec: { paths: { '/hooks/{apiKey}': op([{ name: 'apiKey', in: 'path', required: true, schema: { type: 'string' } }]) } }, expect: [{ messageId: 'credential', at: '/paths/~1hooks~1{apiKey}/get/parameters/0/name' }] },
  ],
});
