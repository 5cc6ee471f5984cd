// The parse worker must not change the analysis: on generated traffic with every kind of attack
// (and malformed, blank and CRLF lines mixed in, over two files), a run with the worker gives the
// same findings, sampled lines, notes, stats and timeline as a run on one thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineRun } from '../../core/report.js';
import checks from './checks/index.js';
import { generateLog } from './generator/index.js';
import { useWorker } from './parallel.js';
import { runLogs } from './run.js';

const shape = (r: EngineRun) => {
  const { elapsedMs: _e, linesPerSecond: _l, parseWorkers: _p, ...stats } = r.stats;
  return { findings: r.findings, notifications: r.notifications, stats, extras: r.extras };
};

for (const format of ['combined', 'json'] as const) {
  test(`parse worker on and off give identical results (${format})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-logs-par-'));
    try {
      const g = generateLog({ seed: 5, benignLines: 30_000, users: 120, days: 2, format });
      const lines = [...g.lines];
      lines.splice(100, 0, 'garbage that is no log line', '', `${lines[100]}\r`);
      const half = Math.floor(lines.length / 2);
      // the second half first: files are put in time order before reading
      writeFileSync(join(dir, 'b.log'), `${lines.slice(half).join('\n')}\n`);
      writeFileSync(join(dir, 'a.log'), lines.slice(0, half).join('\n'));
      const revoked = g.revokedList.trim().split('\n').filter(Boolean).map((l) => ({ token: l.split(' ')[0]!, since: Date.parse(l.split(' ')[1]!) }));
      const sources = ['b.log', 'a.log'].map((n) => ({ kind: 'file' as const, path: join(dir, n), name: n }));
      const run = (parallel: 'on' | 'off') => runLogs({ sources, analyzer: { checks, hashKey: Buffer.from('k'), revoked }, now: () => new Date(0), parallel });
      const off = await run('off');
      const on = await run('on');
      assert.equal(off.stats.parseWorkers, 0);
      assert.equal(on.stats.parseWorkers, 1);
      assert.equal(new Set(off.findings.map((f) => f.checkId)).size, checks.length, 'every check has findings');
      assert.ok(off.findings.every((f) => (f.evidence?.lines?.length ?? 0) > 0));
      assert.equal(off.stats.malformed, 1);
      assert.deepEqual(shape(on), shape(off));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('the worker is used for large plain files only; stdin, gzip and small inputs stay on the main thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-logs-par-'));
  try {
    writeFileSync(join(dir, 'small.log'), 'x\n');
    writeFileSync(join(dir, 'z.log.gz'), Buffer.from([0x1f, 0x8b, 8, 0]));
    const small = { kind: 'file' as const, path: join(dir, 'small.log'), name: 'small.log' };
    const gz = { kind: 'file' as const, path: join(dir, 'z.log.gz'), name: 'z.log.gz' };
    assert.equal(useWorker([small], 'auto'), false);
    assert.equal(useWorker([small], 'on'), true);
    assert.equal(useWorker([small], 'off'), false);
    assert.equal(useWorker([small, gz], 'on'), false);
    assert.equal(useWorker([{ kind: 'stream', stream: process.stdin, name: '-' }], 'on'), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
