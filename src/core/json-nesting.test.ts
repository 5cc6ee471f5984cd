import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonNestingPast } from './json-nesting.js';

test('jsonNestingPast: the offset of the first bracket past the limit, or -1; brackets in strings do not count', () => {
  assert.equal(jsonNestingPast('{"a":[1]}', 2), -1);
  assert.equal(jsonNestingPast('{"a":[1]}', 1), 5);
  assert.equal(jsonNestingPast('[[], [[]], []]', 2), 6);
  assert.equal(jsonNestingPast('[[], [[]], []]', 3), -1);
  // Strings, escaped quotes and escaped backslashes before a closing quote.
  assert.equal(jsonNestingPast('{"a": "[[[{{{", "b": "\\\\"}', 1), -1);
  assert.equal(jsonNestingPast('{"a": "x\\"[[[", "b": 1}', 1), -1);
  const escaped = '{"a": "\\\\", "b": [1]}';
  assert.equal(jsonNestingPast(escaped, 1), escaped.indexOf('['));
  assert.equal(jsonNestingPast('{"a": "unterminated [[[', 1), -1);
  const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
  assert.equal(jsonNestingPast(deep, 100), 100);
  assert.equal(jsonNestingPast(deep, 50_000), -1);
});
