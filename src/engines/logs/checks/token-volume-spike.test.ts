import check from './token-volume-spike.js';
import { HOUR, T0, baseline, rq, testLogCheck, times, tokenIdOf } from '../testing.js';

const tok = 'Bearer tok-volume-00000000000000000000006';
const batch = 'Bearer svc-batch-00000000000000000000007';

testLogCheck(check, {
  valid: [
    { name: 'usual volume', requests: [...baseline(tok), ...times(10, (i) => rq({ credential: tok, t: T0 + 30 * HOUR + i * 1000 }))] },
    {
      name: 'a batch job repeating its learned peak',
      requests: [...times(300, (i) => rq({ credential: batch, t: T0 + 2 * HOUR + i * 1000 })), ...baseline(batch), ...times(300, (i) => rq({ credential: batch, t: T0 + 26 * HOUR + i * 1000 }))],
    },
  ],
  invalid: [
    { name: 'a burst far above the baseline', requests: [...baseline(tok), ...times(300, (i) => rq({ credential: tok, t: T0 + 30 * HOUR + i * 1000 }))], expect: [{ messageId: 'spike', principal: tokenIdOf(tok) }] },
  ],
});
