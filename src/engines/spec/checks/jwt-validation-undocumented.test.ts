import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './jwt-validation-undocumented.js';

testSpecCheck(check, {
  valid: [
    { name: 'rules stated', spec: { components: { securitySchemes: { jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'RS256 only; iss and aud checked; exp at most 15 minutes (RFC 8725).' } } } } },
    { name: 'opaque bearer token', spec: { components: { securitySchemes: { b: { type: 'http', scheme: 'bearer' } } } } },
  ],
  invalid: [
    { name: 'jwt without rules', spec: { components: { securitySchemes: { jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } } }, expect: [{ messageId: 'undocumented', at: '/components/securitySchemes/jwt' }] },
    { name: 'openid connect without rules', spec: { components: { securitySchemes: { oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://a.example/.well-known/openid-configuration', description: 'Sign in with the company IdP.' } } } }, expect: [{ messageId: 'undocumented', at: '/components/securitySchemes/oidc' }] },
  ],
});
