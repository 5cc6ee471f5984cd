import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../harness/cli.js';
import { FILE_NAMES, FORMATS, renderJson } from '../../src/report/index.js';
import { fixtureReport } from './fixture.js';

test('report merge writes every format into --out, and prints the console report', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-report-cli-'));
  try {
    const report = fixtureReport();
    writeFileSync(join(dir, 'a.json'), renderJson({ ...report, runs: report.runs.slice(0, 2) }));
    writeFileSync(join(dir, 'b.json'), renderJson({ ...report, runs: report.runs.slice(2) }));
    const args = ['report', 'merge', 'a.json', 'b.json', '--out', 'out', '--fail-on', 'critical'];
    for (const f of FORMATS) args.push('--format', f);
    const r = await runCli(args, { cwd: dir, now: () => new Date('2026-03-02T00:00:00Z') });
    assert.equal(r.code, 1, r.stderr);
    const files = readdirSync(join(dir, 'out')).sort();
    assert.deepEqual(files, FORMATS.filter((f) => f !== 'console').map((f) => FILE_NAMES[f]).sort());
    assert.match(r.stdout, /Totals: 6 findings: 1 critical, 2 high, 2 medium, 0 low, 1 info \(\+1 suppressed\)/);
    const sarif = JSON.parse(readFileSync(join(dir, 'out', FILE_NAMES.sarif), 'utf8'));
    assert.equal(sarif.runs.length, 4, 'merged runs');
    assert.match(readFileSync(join(dir, 'out', FILE_NAMES.html), 'utf8'), /<article class="finding/);
    assert.match(readFileSync(join(dir, 'out', FILE_NAMES.junit), 'utf8'), /^<\?xml/);
    assert.match(readFileSync(join(dir, 'out', FILE_NAMES.markdown), 'utf8'), /^## Rampart security report/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a format on stdout without --out', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-report-cli-'));
  try {
    writeFileSync(join(dir, 'a.json'), renderJson(fixtureReport()));
    const r = await runCli(['report', 'merge', 'a.json', '--format', 'markdown', '--fail-on', 'none'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^## Rampart security report/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
