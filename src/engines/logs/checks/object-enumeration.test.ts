import check from './object-enumeration.js';
import { HOUR, T0, baseline, rq, testLogCheck, times } from '../testing.js';

const tok = 'Bearer tok-enumerator-0000000000000001';
const batch = 'Bearer svc-batch-0000000000000000000002';

testLogCheck(check, {
  valid: [
    { name: 'a user re-reads its own few orders', requests: times(200, (i) => rq({ credential: tok, path: `/api/orders/${100 + (i % 10)}`, t: T0 + 26 * HOUR + i * 2000 })) },
    { name: 'pagination is not enumeration', requests: times(100, (i) => rq({ credential: tok, path: '/api/items', t: T0 + 26 * HOUR + i * 2000 })) },
    {
      name: 'a nightly batch job with its own norm',
      requests: [1, 2].flatMap((d) => times(120, (i) => rq({ credential: batch, ip: '10.0.0.5', path: `/api/orders/${1000 + i}`, t: T0 + (d === 1 ? 2 * HOUR : 26 * HOUR) + i * 1000 }))),
    },
    { name: 'many ids while the norm is learned, all allowed', requests: times(80, (i) => rq({ credential: tok, path: `/api/orders/${5000 + i}`, t: T0 + i * 2000 })) },
  ],
  invalid: [
    {
      name: 'probing ids mostly denied, even during warm-up',
      requests: times(80, (i) => rq({ credential: tok, path: `/api/orders/${5000 + i}`, status: i % 4 === 0 ? 200 : 403, t: T0 + i * 2000 })),
      expect: [{ messageId: 'enumerationDenied' }],
    },
    {
      name: 'walking ids after warm-up, all allowed (BOLA)',
      requests: [...baseline(tok), ...times(80, (i) => rq({ credential: tok, path: `/api/orders/${5000 + i}`, t: T0 + 27 * HOUR + i * 2000 }))],
      expect: [{ messageId: 'enumeration' }],
    },
    {
      name: 'an anonymous source walking uuids',
      requests: times(60, (i) => rq({ ip: '45.3.3.3', path: `/api/files/${(0x10000000 + i).toString(16)}-0000-4000-8000-000000000000`, status: 404, t: T0 + i * 1000 })),
      expect: [{ messageId: 'enumerationDenied', principal: '45.3.3.3' }],
    },
  ],
});
