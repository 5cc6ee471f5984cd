import check from './token-new-context.js';
import { HOUR, T0, baseline, rq, testLogCheck, tokenIdOf } from '../testing.js';

const tok = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl';

testLogCheck(check, {
  valid: [
    { name: 'the owner keeps using its usual context', requests: [...baseline(tok), rq({ credential: tok, t: T0 + 30 * HOUR })] },
    { name: 'roaming to a new network with the same client', requests: [...baseline(tok), rq({ credential: tok, ip: '176.9.9.9', t: T0 + 30 * HOUR })] },
    { name: 'a new context during the baseline is learned', requests: [...baseline(tok), rq({ credential: tok, ip: '45.6.6.6', ua: 'curl/8.4.0', t: T0 + 1000 })] },
  ],
  invalid: [
    { name: 'replayed from a new network with a new client', requests: [...baseline(tok), rq({ credential: tok, ip: '45.6.6.6', ua: 'curl/8.4.0', t: T0 + 30 * HOUR })], expect: [{ messageId: 'newNetworkAndClient', principal: tokenIdOf(tok) }] },
    { name: 'either is enough when configured', options: { requireBoth: false }, requests: [...baseline(tok), rq({ credential: tok, ip: '176.9.9.9', t: T0 + 30 * HOUR })], expect: [{ messageId: 'newNetwork' }] },
    { name: 'a new client alone when configured', options: { requireBoth: false }, requests: [...baseline(tok), rq({ credential: tok, ua: 'curl/8.4.0', t: T0 + 30 * HOUR })], expect: [{ messageId: 'newClient' }] },
  ],
});
