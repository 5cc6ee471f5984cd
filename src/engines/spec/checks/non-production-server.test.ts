import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './non-production-server.js';

testSpecCheck(check, {
  valid: [{ name: 'production hosts', spec: { servers: [{ url: 'https://api.example.com/v1' }, { url: 'https://eu.api.example.com' }, { url: '/v1' }] } }],
  invalid: [
    {
      name: 'staging, dev and loopback',
      spec: { servers: [{ url: 'https://staging.example.com' }, { url: 'https://api-dev.example.com' }, { url: 'http://127.0.0.1:3000' }, { url: 'https://api.example.com' }] },
      expect: [
        { messageId: 'nonProduction', at: '/servers/0/url' },
        { messageId: 'nonProduction', at: '/servers/1/url' },
        { messageId: 'nonProduction', at: '/servers/2/url' },
      ],
    },
  ],
});
