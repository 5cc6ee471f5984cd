import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './rate-limit-response-missing.js';

testSpecCheck(check, {
  valid: [
    { name: '429 declared', spec: { paths: { '/a': { get: { responses: { '200': { description: 'ok' }, '429': { description: 'slow down' } } } } } } },
    { name: '4XX range', spec: { paths: { '/a': { get: { responses: { '200': { description: 'ok' }, '4XX': { description: 'client error' } } } } } } },
  ],
  invalid: [{ name: 'no 429', spec: { paths: { '/a': { post: { responses: { '201': { description: 'ok' } } } } } }, expect: [{ messageId: 'no429', at: '/paths/~1a/post/responses' }] }],
});
