import check from './login-success-after-failures.js';
import { HOUR, T0, login, testLogCheck, times } from '../testing.js';

testLogCheck(check, {
  valid: [
    { name: 'a user mistypes twice, then logs in', requests: [login('alice', false), login('alice', false, { t: T0 + 4000 }), login('alice', true, { t: T0 + 9000 })] },
    { name: 'success long after the failures', requests: [...times(8, (i) => login('bob', false, { t: T0 + i * 2000 })), login('bob', true, { t: T0 + 2 * HOUR })] },
    { name: 'failures without a success', requests: times(20, (i) => login('carol', false, { t: T0 + i * 2000 })) },
  ],
  invalid: [
    { name: 'guessing from one source succeeds', requests: [...times(8, (i) => login('dave', false, { ip: '45.1.2.3', t: T0 + i * 2000 })), login('dave', true, { ip: '45.1.2.3', t: T0 + 20_000 })], expect: [{ messageId: 'sameSource', principal: 'dave' }] },
    {
      name: 'distributed guessing, success from a fresh source',
      requests: [...times(10, (i) => login('erin', false, { ip: `45.${i}.2.3`, t: T0 + i * 2000 })), login('erin', true, { ip: '77.7.7.7', t: T0 + 30_000 })],
      expect: [{ messageId: 'otherSource', principal: 'erin' }],
    },
  ],
});
