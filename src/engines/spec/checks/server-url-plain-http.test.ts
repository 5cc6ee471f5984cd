import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './server-url-plain-http.js';

testSpecCheck(check, {
  valid: [
    { name: 'https server', spec: { servers: [{ url: 'https://api.example.com' }] } },
    { name: 'relative url', spec: { servers: [{ url: '/v1' }] } },
    { name: 'loopback', spec: { servers: [{ url: 'http://127.0.0.1:3000' }, { url: 'http://localhost:8080/api' }] } },
  ],
  invalid: [
    { name: 'http server', spec: { servers: [{ url: 'http://api.example.com' }] }, expect: [{ messageId: 'plainHttp', at: '/servers/0/url' }] },
    { name: 'operation server', spec: { paths: { '/a': { get: { servers: [{ url: 'http://files.example.com' }], responses: { '200': { description: 'ok' } } } } } }, expect: [{ messageId: 'plainHttp', at: '/paths/~1a/get/servers/0/url' }] },
  ],
});
