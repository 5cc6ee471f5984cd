import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonNestingPast, offsetPosition } from './json-nesting.js';

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

test('offsetPosition: 1-based line and column', () => {
  const text = '{\n  "a": [\n    1\n  ]\n}';
  assert.deepEqual(offsetPosition(text, 0), { line: 1, column: 1 });
  assert.deepEqual(offsetPosition(text, text.indexOf('[')), { line: 2, column: 8 });
  assert.deepEqual(offsetPosition(text, text.indexOf('1')), { line: 3, column: 5 });
  assert.deepEqual(offsetPosition(text, text.length - 1), { line: 5, column: 1 });
});
