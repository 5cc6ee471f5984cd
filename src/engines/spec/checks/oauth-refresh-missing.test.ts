import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './oauth-refresh-missing.js';

testSpecCheck(check, {
  valid: [
    { name: 'refresh url', spec: { components: { securitySchemes: { o: { type: 'oauth2', flows: { authorizationCode: { authorizationUrl: 'https://a.example/a', tokenUrl: 'https://a.example/t', refreshUrl: 'https://a.example/t', scopes: {} } } } } } } },
    { name: 'client credentials need none', spec: { components: { securitySchemes: { o: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://a.example/t', scopes: {} } } } } } } },
  ],
  invalid: [
    { name: 'code flow without refresh', spec: { components: { securitySchemes: { o: { type: 'oauth2', flows: { authorizationCode: { authorizationUrl: 'https://a.example/a', tokenUrl: 'https://a.example/t', scopes: {} } } } } } }, expect: [{ messageId: 'noRefresh', at: '/components/securitySchemes/o/flows/authorizationCode' }] },
  ],
});
