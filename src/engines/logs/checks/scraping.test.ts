import check from './scraping.js';
import { HOUR, T0, rq, testLogCheck, times } from '../testing.js';

const rep = 'Bearer svc-reporting-000000000000000003';

testLogCheck(check, {
  valid: [
    { name: 'a user pages through 30 pages', requests: times(30, (i) => rq({ path: '/api/items', t: T0 + 26 * HOUR + i * 3000 })) },
    {
      name: 'a busy reporting client at its usual rate',
      requests: [0, 1, 2, 26, 27].flatMap((h) => times(400, (i) => rq({ credential: rep, ip: '10.0.0.9', path: `/api/reports/${i}`, t: T0 + h * HOUR + i * 1000 }))),
    },
    { name: 'a burst during warm-up below the absolute threshold', requests: times(500, (i) => rq({ ip: '45.4.4.4', path: `/api/catalog/${i}`, t: T0 + i * 500 })) },
  ],
  invalid: [
    {
      name: 'an anonymous harvester after warm-up',
      requests: [rq({ ip: '81.1.1.1', t: T0 }), ...times(400, (i) => rq({ ip: '45.4.4.4', path: `/api/catalog/${i}`, t: T0 + 26 * HOUR + i * 500 }))],
      expect: [{ messageId: 'noNorm', principal: '45.4.4.4' }],
    },
    {
      name: 'far above its own norm',
      requests: [...times(20, (i) => rq({ ip: '45.5.5.5', path: `/api/catalog/${i}`, t: T0 + i * 1000 })), ...times(400, (i) => rq({ ip: '45.5.5.5', path: `/api/catalog/${i}`, t: T0 + 26 * HOUR + i * 500 }))],
      expect: [{ messageId: 'aboveNorm' }],
    },
  ],
});
