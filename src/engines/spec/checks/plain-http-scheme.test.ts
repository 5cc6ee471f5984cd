import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './plain-http-scheme.js';

testSpecCheck(check, {
  valid: [{ name: 'https only', spec: { swagger: '2.0', host: 'api.example.com', schemes: ['https'] } }],
  invalid: [{ name: 'http offered', spec: { swagger: '2.0', host: 'api.example.com', schemes: ['https', 'http'] }, expect: [{ messageId: 'plainScheme', at: '/schemes/1' }] }],
});
