import check from './password-spraying.js';
import { MIN, T0, login, testLogCheck, times } from '../testing.js';

testLogCheck(check, {
  valid: [
    { name: 'office NAT: many accounts log in, a few mistype', requests: times(60, (i) => login(`user${i}`, i % 12 !== 0, { ip: '198.51.100.7', t: T0 + i * 20_000 })) },
    { name: 'brute force on one account is not spraying', requests: times(40, (i) => login('alice', false, { ip: '45.1.2.3', t: T0 + i * 2000 })) },
    { name: 'few accounts', requests: times(8, (i) => login(`user${i}`, false, { ip: '45.1.2.3', t: T0 + i * MIN })) },
    { name: 'too many attempts per account', requests: times(60, (i) => login(`user${Math.floor(i / 5)}`, false, { ip: '45.1.2.3', t: T0 + i * 20_000 })) },
  ],
  invalid: [
    { name: 'one password against many accounts', requests: times(30, (i) => login(`user${i}`, false, { ip: '45.1.2.3', t: T0 + i * 40_000 })), expect: [{ messageId: 'spraying', principal: '45.1.2.3' }] },
    {
      name: 'two rounds with one hit',
      requests: [...times(15, (i) => login(`user${i}`, false, { ip: '45.1.2.4', t: T0 + i * 40_000 })), ...times(15, (i) => login(`user${i}`, i !== 3, { ip: '45.1.2.4', t: T0 + 20 * MIN + i * 40_000 }))],
      options: { minAccounts: 15 },
      expect: [{ messageId: 'spraying', principal: '45.1.2.4' }],
    },
    {
      name: 'sources of one network spraying together are one incident',
      requests: [0, 1, 2].flatMap((k) => times(12, (i) => login(`user${k * 20 + i}`, false, { ip: `45.1.3.${k + 1}`, t: T0 + k * 1000 + i * 40_000 }))),
      expect: [{ messageId: 'spraying', principal: '45.1.3.1' }],
    },
    {
      name: 'success counted when it crosses',
      requests: [login('userA', true, { ip: '45.1.2.5' }), ...times(20, (i) => login(`user${i}`, false, { ip: '45.1.2.5', t: T0 + 1000 + i * 40_000 }))],
      expect: [{ messageId: 'sprayingWithSuccess' }],
    },
  ],
});
