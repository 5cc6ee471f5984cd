import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpecTemplates, networkOf, templatePath } from './normalize.js';
import { CredentialHasher, bodyUser, jwtClaims } from './identity.js';
import { maskLine } from './mask-line.js';

test('path templates: numeric ids, uuids, hex and opaque ids', () => {
  assert.deepEqual(templatePath('/api/orders/123'), { template: '/api/orders/{id}', objectId: '123' });
  assert.deepEqual(templatePath('/u/0b7f5e1c-8f0e-4c4b-9a51-0a1f2e3d4c5b/files'), { template: '/u/{uuid}/files', objectId: '0b7f5e1c-8f0e-4c4b-9a51-0a1f2e3d4c5b' });
  assert.equal(templatePath('/blobs/5f2b9c0d1e3a4b6c').template, '/blobs/{hex}');
  assert.equal(templatePath('/api/items').template, '/api/items');
  assert.equal(templatePath('/api/v2/items').template, '/api/v2/items');
  assert.equal(templatePath('/docs/introduction').template, '/docs/introduction');
  assert.equal(templatePath('/a/1/').template, '/a/{id}/');
});

test('spec templates win over the heuristics', () => {
  const s = new SpecTemplates(['/users/{name}', '/users/me', '/users/{name}/orders/{orderId}']);
  assert.deepEqual(s.match('/users/me'), { template: '/users/me', objectId: '' });
  assert.deepEqual(s.match('/users/alice'), { template: '/users/{name}', objectId: 'alice' });
  assert.deepEqual(s.match('/users/alice/orders/x9'), { template: '/users/{name}/orders/{orderId}', objectId: 'x9' });
  assert.equal(s.match('/nothing/here'), undefined);
});

test('networks: /24 and /64', () => {
  assert.equal(networkOf('81.2.3.4'), '81.2.3.0/24');
  assert.equal(networkOf('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
  assert.equal(networkOf('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(networkOf('::ffff:10.1.2.3'), '10.1.2.0/24');
});

test('token identities are keyed hashes; JWT sub decoded, never verified', () => {
  const tok = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSIsImp0aSI6ImotMSJ9.c2ln';
  const a = new CredentialHasher(Buffer.from('k1')).identify(`Bearer ${tok}`);
  const b = new CredentialHasher(Buffer.from('k2')).identify(`Bearer ${tok}`);
  assert.match(a.tokenId, /^tok_[0-9a-f]{16}$/);
  assert.notEqual(a.tokenId, b.tokenId);
  assert.ok(!a.tokenId.includes(tok.slice(0, 10)));
  assert.equal(a.sub, 'alice');
  assert.equal(a.jti, 'j-1');
  assert.deepEqual(jwtClaims('not.a.jwt'), { sub: '', jti: '' });
  assert.equal(new CredentialHasher(Buffer.from('k')).identify(`Basic ${Buffer.from('bob:pw').toString('base64')}`).sub, 'bob');
});

test('login body user names', () => {
  assert.equal(bodyUser('{"username":"alice","password":"x"}'), 'alice');
  assert.equal(bodyUser('email=bob%40x.example&password=y'), 'bob@x.example');
  assert.equal(bodyUser('{"password":"x"}'), '');
});

test('sample lines mask passwords, keys and bearer tokens', () => {
  const line = '{"http_authorization":"Bearer abcdefghijklmnopqrstuvwxyz","request_body":"{\\"username\\":\\"alice\\",\\"password\\":\\"hunter2hunter2\\"}","api_key":"sk_live_ABCDEFGHIJKLMNOP"}';
  const m = maskLine(line);
  assert.ok(!m.includes('hunter2hunter2'), m);
  assert.ok(!m.includes('hu'), m);
  assert.match(maskLine('{"password":"abc"}'), /"password":"\*\*\*\*"/);
  assert.ok(!m.includes('abcdefghijklmnopqrstuvwxyz'), m);
  assert.ok(!m.includes('ABCDEFGHIJKLMNOP'), m);
  assert.match(m, /alice/);
  const clf = maskLine('1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "GET /x?access_token=abcdefghijklmnop HTTP/1.1" 200 1 "-" "ua" 0.1 "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnc2lnc2ln"');
  assert.ok(!clf.includes('abcdefghijklmnop'), clf);
  assert.ok(!clf.includes('eyJzdWIiOiJhIn0'), clf);
});
