import check from './token-shared.js';
import { HOUR, T0, baseline, rq, testLogCheck, times, tokenIdOf } from '../testing.js';

const tok = 'Bearer tok-shared-00000000000000000000004';
const fleet = 'Bearer svc-fleet-000000000000000000000005';

testLogCheck(check, {
  valid: [
    { name: 'one user on two networks', requests: [...baseline(tok), rq({ credential: tok, ip: '176.1.1.1', t: T0 + 30 * HOUR }), rq({ credential: tok, t: T0 + 30 * HOUR + 1000 })] },
    {
      name: 'a service fleet that always runs on many networks',
      requests: [...times(8, (i) => rq({ credential: fleet, ip: `10.${i}.0.1`, t: T0 + i * 1000 })), ...baseline(fleet), ...times(8, (i) => rq({ credential: fleet, ip: `10.${i}.0.1`, t: T0 + 30 * HOUR + i * 1000 }))],
    },
  ],
  invalid: [
    {
      name: 'a leaked token used from many networks at once',
      requests: [...baseline(tok), ...times(10, (i) => rq({ credential: tok, ip: `${60 + i}.1.1.1`, t: T0 + 30 * HOUR + i * 5000 }))],
      expect: [{ messageId: 'manySources', principal: tokenIdOf(tok) }],
    },
  ],
});
