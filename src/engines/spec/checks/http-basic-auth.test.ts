import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './http-basic-auth.js';

testSpecCheck(check, {
  valid: [
    { name: 'bearer', spec: { components: { securitySchemes: { jwt: { type: 'http', scheme: 'bearer' } } } } },
    { name: 'swagger api key', spec: { swagger: '2.0', securityDefinitions: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } } } },
  ],
  invalid: [
    { name: 'http basic', spec: { components: { securitySchemes: { basicAuth: { type: 'http', scheme: 'Basic' } } } }, expect: [{ messageId: 'basic', at: '/components/securitySchemes/basicAuth' }] },
    { name: 'swagger basic', spec: { swagger: '2.0', securityDefinitions: { b: { type: 'basic' } } }, expect: [{ messageId: 'basic', at: '/securityDefinitions/b' }] },
    {
      name: 'scheme in another file',
      spec: { components: { securitySchemes: { b: { $ref: 'common.yaml#/Basic' } } } },
      files: { 'common.yaml': 'Basic:\n  type: http\n  scheme: basic\n' },
      expect: [{ messageId: 'basic', at: '/Basic', file: 'common.yaml' }],
    },
  ],
});
