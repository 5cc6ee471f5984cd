import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { progressSink } from '../../src/cli/common.js';
import type { CliContext } from '../../src/cli/context.js';

function ctxWith(tty: boolean, clock: { t: number }): { ctx: CliContext; err: () => string } {
  let text = '';
  const stderr = Object.assign(new Writable({ write(c, _e, cb) { text += String(c); cb(); } }), { isTTY: tty });
  const stdout = Object.assign(new Writable({ write(_c, _e, cb) { cb(); } }), { isTTY: tty });
  const ctx: CliContext = { stdout, stderr, cwd: '.', env: {}, now: () => new Date(clock.t), exitCode: 0, signal: new AbortController().signal };
  return { ctx, err: () => text };
}

test('progress: a redrawn bar on a terminal, throttled plain lines otherwise, nothing with --quiet', () => {
  const clock = { t: 0 };
  const tty = ctxWith(true, clock);
  const bar = progressSink({}, tty.ctx);
  for (let i = 1; i <= 10; i++) {
    clock.t += 100;
    bar({ engine: 'scan', phase: 'checks', done: i, total: 10 });
  }
  bar.end();
  assert.match(tty.err(), /\r\x1b\[2Kscan: checks \[#+-*\] 5\/10 50%/);
  assert.match(tty.err(), /10\/10 100%/);
  assert.ok(!tty.err().includes('\n'), 'a terminal gets one redrawn line');

  clock.t = 0;
  const plain = ctxWith(false, clock);
  const lines = progressSink({}, plain.ctx);
  for (let i = 1; i <= 100; i++) {
    clock.t += 100; // 10 s in all
    lines({ engine: 'secrets', phase: 'scanning', done: i, total: 100 });
  }
  const out = plain.err().trim().split('\n');
  assert.ok(out.length >= 2 && out.length <= 8, `throttled: ${out.length} lines`);
  assert.match(out.at(-1)!, /^secrets: scanning 100\/100 100%$/);
  assert.ok(!plain.err().includes('\x1b'), 'no escape codes off a terminal');

  const quiet = ctxWith(true, clock);
  const q = progressSink({ quiet: true }, quiet.ctx);
  q({ engine: 'spec', phase: 'x', done: 1, total: 1 });
  q.end();
  assert.equal(quiet.err(), '');
});
