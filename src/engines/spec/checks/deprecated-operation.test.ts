import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './deprecated-operation.js';

const ok = { '200': { description: 'ok' } };
testSpecCheck(check, {
  valid: [
    { name: 'not deprecated', spec: { paths: { '/a': { get: { responses: ok } } } } },
    { name: 'sunset header', spec: { paths: { '/a': { get: { deprecated: true, responses: { '200': { description: 'ok', headers: { Sunset: { schema: { type: 'string' } } } } } } } } } },
    { name: 'x-sunset', spec: { paths: { '/a': { get: { deprecated: true, 'x-sunset': '2027-01-31', responses: ok } } } } },
  ],
  invalid: [{ name: 'deprecated forever', spec: { paths: { '/a': { get: { deprecated: true, responses: ok } } } }, expect: [{ messageId: 'noSunset', at: '/paths/~1a/get/deprecated' }] }],
});
