import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './cors-headers-undeclared.js';

const h = { schema: { type: 'string' } };
testSpecCheck(check, {
  valid: [
    { name: 'no headers documented', spec: { paths: { '/a': { get: { responses: { '200': { description: 'ok' } } } } } } },
    { name: 'CORS declared', spec: { paths: { '/a': { get: { responses: { '200': { description: 'ok', headers: { 'Access-Control-Allow-Origin': h, ETag: h } } } } } } } },
  ],
  invalid: [{ name: 'headers without CORS', spec: { paths: { '/a': { get: { responses: { '200': { description: 'ok', headers: { ETag: h } } } } } } }, expect: [{ messageId: 'noCors', at: '/paths/~1a/get/responses' }] }],
});
