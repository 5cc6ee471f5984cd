import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSuccessWithData, listingIds, looksLikeRefusal, objectId, ownerValues, shapeSimilarity, similarity, volatilePaths } from './compare.js';

test('volatile fields are learned and ignored by the similarity', () => {
  const a1 = JSON.stringify({ id: 1, title: 'x', requestId: 'r-1', at: '10:00' });
  const a2 = JSON.stringify({ id: 1, title: 'x', requestId: 'r-2', at: '10:01' });
  const v = volatilePaths(a1, a2);
  assert.deepEqual([...v].sort(), ['at', 'requestId']);
  assert.equal(similarity(a1, a2, v), 1);
  assert.ok(similarity(a1, a2) < 1);
  const other = JSON.stringify({ id: 2, title: 'y', requestId: 'r-3', at: '10:02' });
  assert.equal(similarity(a1, other, v), 0);
});

test('refusals in disguise and real successes', () => {
  assert.ok(looksLikeRefusal(200, '{"error":"unauthorized","message":"log in first"}'));
  assert.ok(looksLikeRefusal(200, '{"success":false}'));
  assert.ok(looksLikeRefusal(403, '{"id":1}'));
  assert.ok(!looksLikeRefusal(200, '{"id":1,"title":"x"}'));
  assert.ok(!isSuccessWithData(200, '[]'));
  assert.ok(isSuccessWithData(200, '[{"id":1}]'));
  assert.ok(!isSuccessWithData(200, '<html>Please log in</html>'));
});

test('ids, owners and shapes', () => {
  assert.equal(objectId('{"id":7,"ownerId":3}'), '7');
  assert.equal(objectId('{"data":{"uuid":"u-1"}}'), 'u-1');
  assert.deepEqual(ownerValues('{"id":7,"ownerId":3,"meta":{"created_by":"alice"}}'), ['3', 'alice']);
  assert.deepEqual(listingIds('{"items":[{"id":1},{"id":2}]}'), ['1', '2']);
  assert.equal(shapeSimilarity('{"a":1,"b":2}', '{"a":5,"b":9}'), 1);
  assert.equal(shapeSimilarity('{"a":1}', '{"error":"x"}'), 0);
});
