import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { makeReport } from '../core/report.js';
import { renderJson } from '../report/index.js';
import { writeOutputs } from './common.js';
import type { CliContext } from './context.js';

test('writeOutputs: a large JSON report on stdout is exactly renderJson, newline and characters across slices included', () => {
  // Long enough to be written in many slices, with non-ASCII text and surrogate pairs throughout.
  const notes = Array.from({ length: 3000 }, (_, i) => ({ level: 'note' as const, code: 'note', message: `${'é'.repeat(i % 7)}𝄞 note ${i} ${'x'.repeat(i % 13)}` }));
  const report = makeReport([{ engine: 'spec', target: 'api.yaml', startedAt: 'a', finishedAt: 'b', checks: [], findings: [], notifications: notes, stats: {} }], '0.0.0', 'c');
  const chunks: Buffer[] = [];
  const stdout = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  const ctx = { stdout, stderr: stdout, cwd: '/', env: {}, now: () => new Date(0), exitCode: 0, signal: new AbortController().signal } as CliContext;
  writeOutputs(report, { format: ['json'], quiet: true }, {}, ctx);
  const want = renderJson(report);
  assert.ok(want.length > 200_000);
  assert.equal(Buffer.concat(chunks).toString('utf8'), want);
  assert.ok(chunks.length > 2);
});
