// `rampart demo` end to end: the bundled vulnerable API on a loopback port, every engine, the three
// report files, the summary, and the flaws the example plants found by the engines meant to find them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './harness/cli.js';
import { ENGINES } from '../src/core/finding.js';
import type { Report } from '../src/core/report.js';

test('rampart demo runs every engine and writes report.json, report.sarif and report.html', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-demo-test-'));
  const r = await runCli(['demo', '--out', 'out'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Rampart demo: \d+ findings/);
  assert.match(r.stdout, /Report: .*out\/report\.html/);
  for (const f of ['report.json', 'report.sarif', 'report.html']) assert.ok(existsSync(join(dir, 'out', f)), f);
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as Report;
  assert.deepEqual(report.runs.map((x) => x.engine).sort(), [...ENGINES].sort());
  const ids = new Set(report.runs.flatMap((x) => x.findings.map((f) => f.checkId)));
  for (const id of ['scan/sql-injection', 'scan/bola', 'scan/cors-misconfiguration', 'scan/jwt-weak-secret', 'scan/privilege-escalation', 'code/sql-injection', 'spec/operation-without-security']) {
    assert.ok(ids.has(id), `${id} found by the demo`);
  }
  const secretFiles = report.runs.find((x) => x.engine === 'secrets')!.findings.map((f) => (f.location.kind === 'file' ? f.location.file : ''));
  assert.ok(secretFiles.some((f) => /public\/app\.js$/.test(f)), 'the key in the served client-side script');
  assert.ok(secretFiles.some((f) => /src\/config\.vulnerable\.ts$/.test(f)), 'the key in the server source');
  for (const f of ['report.json', 'report.sarif', 'report.html']) {
    assert.doesNotMatch(readFileSync(join(dir, 'out', f), 'utf8'), /sk_live_[A-Za-z0-9]{16,}|AKIA[A-Z0-9]{16}/, `no planted key in clear in ${f}`);
  }
});
