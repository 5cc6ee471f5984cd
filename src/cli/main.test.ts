import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { ToolError } from '../core/errors.js';
import type { SourcePosition } from '../core/errors.js';
import type { CliContext } from './context.js';
import { reportError } from './main.js';

/** What reportError writes for a ToolError with this message and position, and its exit code. */
function printed(message: string, position?: SourcePosition): { text: string; code: number } {
  let text = '';
  const stderr = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString('utf8');
      cb();
    },
  });
  const ctx = { stdout: stderr, stderr, cwd: '/', env: {}, now: () => new Date(0), exitCode: 0, signal: new AbortController().signal } as CliContext;
  const code = reportError(new ToolError('E_SPEC_PARSE', message, { position }), ctx, false);
  return { text, code };
}

test('reportError: one line, the position first; a line and column are kept even when the message names the file', () => {
  assert.deepEqual(printed('bad indentation', { file: 'api.yaml', line: 3, column: 5 }), { text: 'rampart: error: api.yaml:3:5: bad indentation [E_SPEC_PARSE]\n', code: 2 });
  // The message names the file, but not where in it: the position still says it.
  assert.equal(printed('broken $ref "other.yaml#/A": /A does not exist in api.yaml', { file: 'api.yaml', line: 10, column: 11 }).text, 'rampart: error: api.yaml:10:11: broken $ref "other.yaml#/A": /A does not exist in api.yaml [E_SPEC_PARSE]\n');
  // A position that is only the file the message already names adds nothing.
  assert.equal(printed('cannot read api.yaml: EACCES', { file: 'api.yaml' }).text, 'rampart: error: cannot read api.yaml: EACCES [E_SPEC_PARSE]\n');
  assert.equal(printed('not a spec', { file: 'api.yaml' }).text, 'rampart: error: api.yaml: not a spec [E_SPEC_PARSE]\n');
  assert.equal(printed('no position').text, 'rampart: error: no position [E_SPEC_PARSE]\n');
});
