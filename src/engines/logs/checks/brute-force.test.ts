import check from './brute-force.js';
import { MIN, T0, login, testLogCheck, times } from '../testing.js';

testLogCheck(check, {
  valid: [
    { name: 'a user mistypes the password twice, then logs in', requests: [login('alice', false), login('alice', false, { t: T0 + 5000 }), login('alice', true, { t: T0 + 12_000 })] },
    { name: 'failures below the threshold', requests: times(15, (i) => login('bob', false, { t: T0 + i * 10_000 })) },
    { name: 'failures spread over hours stay under the window threshold', requests: times(30, (i) => login('carol', false, { t: T0 + i * 30 * MIN })) },
    { name: 'office NAT: many users, few failures each', requests: times(200, (i) => login(`user${i % 80}`, i % 9 !== 0, { ip: '198.51.100.7', t: T0 + i * 3000 })) },
  ],
  invalid: [
    { name: 'one source hammers one account', requests: times(25, (i) => login('alice', false, { ip: '45.1.2.3', t: T0 + i * 2000 })), expect: [{ messageId: 'oneSource', principal: 'alice' }] },
    { name: 'distributed over many sources', requests: times(25, (i) => login('dave', false, { ip: `45.${i}.2.3`, t: T0 + i * 5000 })), expect: [{ messageId: 'distributed', principal: 'dave' }] },
    { name: 'failures without account names from one source', requests: times(25, (i) => login('', false, { ip: '45.9.9.9', t: T0 + i * 2000 })), expect: [{ messageId: 'unknownAccount', principal: '45.9.9.9' }] },
    { name: 'a lower threshold from options', options: { maxFailures: 5 }, requests: times(6, (i) => login('erin', false, { t: T0 + i * 2000 })), expect: [{ messageId: 'oneSource' }] },
  ],
});
