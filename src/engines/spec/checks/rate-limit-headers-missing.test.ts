import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './rate-limit-headers-missing.js';

const h = { schema: { type: 'integer' } };
testSpecCheck(check, {
  valid: [
    { name: 'headers declared', spec: { paths: { '/a': { get: { responses: { '200': { description: 'ok', headers: { 'RateLimit-Limit': h } }, '429': { description: 'slow', headers: { 'Retry-After': h } } } } } } } },
    { name: 'x-ratelimit headers', spec: { paths: { '/a': { get: { responses: { '200': { description: 'ok', headers: { 'X-RateLimit-Limit': h } } } } } } } },
  ],
  invalid: [
    { name: 'no headers', spec: { paths: { '/a': { get: { responses: { '200': { description: 'ok' } } } } } }, expect: [{ messageId: 'noHeaders', at: '/paths/~1a/get/responses/200' }] },
    { name: '429 without Retry-After', spec: { paths: { '/a': { get: { responses: { '200': { description: 'ok', headers: { RateLimit: h } }, '429': { description: 'slow' } } } } } }, expect: [{ messageId: 'noRetryAfter', at: '/paths/~1a/get/responses/429' }] },
  ],
});
