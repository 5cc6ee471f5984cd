import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './api-version-missing.js';

testSpecCheck(check, {
  valid: [{ name: 'version stated', spec: { info: { title: 't', version: '2.3.0' } } }],
  invalid: [
    { name: 'empty version', spec: { info: { title: 't', version: '' } }, expect: [{ messageId: 'noVersion', at: '/info/version' }] },
    { name: 'no version', spec: { info: { title: 't' } }, expect: [{ messageId: 'noVersion', at: '/info' }] },
  ],
});
