import check from './credential-stuffing.js';
import { T0, login, testLogCheck, times } from '../testing.js';

testLogCheck(check, {
  valid: [
    { name: 'office NAT: many users, a few failures', requests: times(80, (i) => login(`user${i}`, i % 10 !== 0, { ip: '198.51.100.7', t: T0 + i * 5000 })) },
    { name: 'a few accounts failing', requests: times(10, (i) => login(`user${i}`, false, { ip: '45.1.2.3', t: T0 + i * 5000 })) },
    { name: 'many accounts spread over a long time', requests: times(40, (i) => login(`user${i}`, false, { ip: '45.1.2.3', t: T0 + i * 10 * 60_000 })) },
  ],
  invalid: [
    { name: 'one source replays a leaked list', requests: times(30, (i) => login(`leak${i}@mail.example`, i === 7, { ip: '45.1.2.3', ua: 'python-requests/2.31.0', t: T0 + i * 3000 })), expect: [{ messageId: 'fromSource', principal: '45.1.2.3' }] },
    {
      name: 'a /24 of rotating sources',
      requests: times(30, (i) => login(`leak${i}@mail.example`, false, { ip: `45.1.2.${10 + i}`, ua: `bot-${i}`, t: T0 + i * 3000 })),
      expect: [{ messageId: 'fromNetwork', principal: '45.1.2.0/24' }],
    },
    {
      name: 'scattered sources sharing one client',
      requests: times(30, (i) => login(`leak${i}@mail.example`, false, { ip: `${20 + i}.1.2.3`, ua: 'stuffer/1.0', t: T0 + i * 3000 })),
      expect: [{ messageId: 'fromClient', principal: 'stuffer/1.0' }],
    },
  ],
});
