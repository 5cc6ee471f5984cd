import check from './revoked-token-use.js';
import { HOUR, T0, rq, testLogCheck, tokenIdOf } from '../testing.js';

const old = 'Bearer tok-old-0000000000000000000000010';
const other = 'Bearer tok-other-00000000000000000000011';
const jwt = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IiLCJqdGkiOiJqLTQyIn0.c2lnbmF0dXJlc2lnbmF0dXJl';
const revoked = [
  { token: 'tok-old-0000000000000000000000010', since: T0 + HOUR },
  { jti: 'j-42', since: 0 },
];

testLogCheck(check, {
  valid: [
    { name: 'uses before the revocation time', analyzer: { revoked }, requests: [rq({ credential: old, t: T0 })] },
    { name: 'another token', analyzer: { revoked }, requests: [rq({ credential: other, t: T0 + 2 * HOUR })] },
    { name: 'no revoked list', requests: [rq({ credential: old, t: T0 + 2 * HOUR })] },
  ],
  invalid: [
    { name: 'revoked token still accepted', analyzer: { revoked }, requests: [rq({ credential: old, t: T0 + 2 * HOUR }), rq({ credential: old, t: T0 + 3 * HOUR })], expect: [{ messageId: 'accepted', principal: tokenIdOf(old) }] },
    { name: 'revoked token refused', analyzer: { revoked }, requests: [rq({ credential: old, status: 401, t: T0 + 2 * HOUR })], expect: [{ messageId: 'refused' }] },
    { name: 'revoked by JWT id', analyzer: { revoked }, format: 'json', requests: [rq({ credential: jwt, t: T0 })], expect: [{ messageId: 'accepted' }] },
  ],
});
