import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './oauth-insecure-flow.js';

const code = { authorizationUrl: 'https://a.example/authorize', tokenUrl: 'https://a.example/token', refreshUrl: 'https://a.example/token', scopes: {} };
testSpecCheck(check, {
  valid: [
    { name: 'authorization code', spec: { components: { securitySchemes: { o: { type: 'oauth2', flows: { authorizationCode: code } } } } } },
    { name: 'swagger access code', spec: { swagger: '2.0', securityDefinitions: { o: { type: 'oauth2', flow: 'accessCode', authorizationUrl: 'https://a.example/a', tokenUrl: 'https://a.example/t', scopes: {} } } } },
  ],
  invalid: [
    {
      name: 'implicit and password',
      spec: { components: { securitySchemes: { o: { type: 'oauth2', flows: { implicit: { authorizationUrl: 'https://a.example/a', scopes: {} }, password: { tokenUrl: 'https://a.example/t', scopes: {} } } } } } },
      expect: [
        { messageId: 'flow', at: '/components/securitySchemes/o/flows/implicit' },
        { messageId: 'flow', at: '/components/securitySchemes/o/flows/password' },
      ],
    },
    { name: 'swagger implicit', spec: { swagger: '2.0', securityDefinitions: { o: { type: 'oauth2', flow: 'implicit', authorizationUrl: 'https://a.example/a', scopes: {} } } }, expect: [{ messageId: 'flow', at: '/securityDefinitions/o/flow' }] },
  ],
});
