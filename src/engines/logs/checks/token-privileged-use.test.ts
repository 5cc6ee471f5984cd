import check from './token-privileged-use.js';
import { HOUR, T0, baseline, rq, testLogCheck, tokenIdOf } from '../testing.js';

const tok = 'Bearer tok-user-000000000000000000000008';
const admin = 'Bearer tok-admin-00000000000000000000009';

testLogCheck(check, {
  valid: [
    { name: 'an admin keeps using the admin operations it used before', requests: [rq({ credential: admin, path: '/api/admin/users', t: T0 + 1000 }), ...baseline(admin), rq({ credential: admin, path: '/api/admin/users', t: T0 + 30 * HOUR })] },
    { name: 'ordinary operations', requests: [...baseline(tok), rq({ credential: tok, path: '/api/orders/5', t: T0 + 30 * HOUR })] },
  ],
  invalid: [
    { name: 'first admin call accepted', requests: [...baseline(tok), rq({ credential: tok, path: '/api/admin/export', t: T0 + 30 * HOUR })], expect: [{ messageId: 'accepted', principal: tokenIdOf(tok) }] },
    { name: 'first admin call refused', requests: [...baseline(tok), rq({ credential: tok, method: 'POST', path: '/api/admin/users/7/roles', status: 403, t: T0 + 30 * HOUR })], expect: [{ messageId: 'refused' }] },
  ],
});
