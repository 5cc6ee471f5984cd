import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../harness/cli.js';
import { testFinding, testRun } from '../harness/report-fixtures.js';
import { makeReport } from '../../src/core/report.js';
import type { Report } from '../../src/core/report.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'rampart-cli-'));
}

function writeReport(dir: string, name: string, lines: string[]): string {
  const findings = lines.map((snippet, i) => testFinding({ kind: 'file', file: 'app.js', startLine: i + 1, snippet }, snippet));
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(makeReport([testRun(findings)], '0.1.0', '2026-01-01T00:00:00.000Z')));
  return p;
}

test('--help works for the program and every command', async () => {
  const top = await runCli(['--help']);
  assert.equal(top.code, 0);
  const commands = [...top.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
  assert.ok(commands.includes('demo') && commands.includes('report'));
  for (const c of commands) {
    const r = await runCli([c, '--help']);
    assert.equal(r.code, 0, `${c} --help`);
    assert.match(r.stdout, /Usage: rampart/);
  }
});

test('an unknown flag is a usage error (exit 2), without a stack trace', async () => {
  const r = await runCli(['report', 'merge', 'x.json', '--bogus']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown option '--bogus'/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('a missing report file: one line naming the file, exit 2', async () => {
  const dir = tmp();
  const r = await runCli(['report', 'merge', 'nothing.json'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /nothing\.json/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});

test('a malformed report file: exit 2 naming the file', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'bad.json'), '{"formatVersion": ');
  const r = await runCli(['report', 'merge', 'bad.json'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad\.json.*E_REPORT_PARSE/);
  writeFileSync(join(dir, 'other.json'), '{"a": 1}');
  const r2 = await runCli(['report', 'merge', 'other.json'], { cwd: dir });
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /not a Rampart JSON report/);
});

test('a config file with a wrong key and a wrong type: file, line and column, exit 2, no stack', async () => {
  const dir = tmp();
  const a = writeReport(dir, 'a.json', ['query(x)']);
  writeFileSync(join(dir, 'rampart.config.yaml'), 'failOn: high\nfromat: [json]\ncheckz: 1\nout: 3\n');
  const r = await runCli(['report', 'merge', a], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /rampart\.config\.yaml:2:1: unknown key "fromat"/);
  assert.match(r.stderr, /rampart\.config\.yaml:3:1: unknown key "checkz"/);
  assert.match(r.stderr, /rampart\.config\.yaml:4:\d+: out must be string/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('invalid YAML in the config: position and exit 2', async () => {
  const dir = tmp();
  const a = writeReport(dir, 'a.json', ['x']);
  writeFileSync(join(dir, 'cfg.yaml'), 'failOn: [high\n');
  const r = await runCli(['report', 'merge', a, '--config', 'cfg.yaml'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cfg\.yaml:\d+:\d+/);
});

test('exit codes follow --fail-on', async () => {
  const dir = tmp();
  const a = writeReport(dir, 'a.json', ['query(x)']); // one high finding
  assert.equal((await runCli(['report', 'merge', a, '-f', 'json'], { cwd: dir })).code, 1);
  assert.equal((await runCli(['report', 'merge', a, '-f', 'json', '--fail-on', 'critical'], { cwd: dir })).code, 0);
  assert.equal((await runCli(['report', 'merge', a, '-f', 'json', '--fail-on', 'none'], { cwd: dir })).code, 0);
  assert.equal((await runCli(['report', 'merge', a, '-f', 'json', '--fail-on', 'bogus'], { cwd: dir })).code, 2);
});

test('merge combines runs, and --baseline keeps only new fingerprints', async () => {
  const dir = tmp();
  const old = writeReport(dir, 'old.json', ['query(a)', 'query(b)']);
  const cur = writeReport(dir, 'cur.json', ['query(a)', 'query(b)', 'query(c)']);
  const merged = await runCli(['report', 'merge', old, cur, '-f', 'json', '--fail-on', 'none'], { cwd: dir });
  assert.equal((JSON.parse(merged.stdout) as Report).runs.length, 2);
  const r = await runCli(['report', 'merge', cur, '--baseline', old, '-f', 'json'], { cwd: dir });
  const rep = JSON.parse(r.stdout) as Report;
  assert.deepEqual(rep.runs[0]!.findings.map((f) => f.message), ['Found query(c).']);
  assert.equal(r.code, 1);
  const none = await runCli(['report', 'merge', old, '--baseline', old, '-f', 'json'], { cwd: dir });
  assert.equal(none.code, 0);
});

test('suppressions need a reason; expired ones stop suppressing and say so', async () => {
  const dir = tmp();
  const cur = writeReport(dir, 'cur.json', ['query(a)', 'query(b)']);
  const fps = (JSON.parse(readFileSync(cur, 'utf8')) as Report).runs[0]!.findings.map((f) => f.fingerprint);
  writeFileSync(
    join(dir, 'supp.yaml'),
    `suppressions:\n  - check: code/test-check\n    fingerprint: ${fps[0]}\n    reason: accepted risk, ticket 12\n  - check: code/test-check\n    fingerprint: ${fps[1]}\n    reason: was fine until last year\n    expires: 2020-01-01\n`,
  );
  const r = await runCli(['report', 'merge', cur, '--suppressions', 'supp.yaml', '-f', 'json'], { cwd: dir, now: () => new Date('2026-06-01T00:00:00Z') });
  const rep = JSON.parse(r.stdout) as Report;
  const [a, b] = rep.runs[0]!.findings;
  assert.equal(a!.suppression?.reason, 'accepted risk, ticket 12');
  assert.equal(b!.suppression, undefined);
  assert.ok(rep.runs[0]!.notifications.some((n) => n.code === 'suppression-expired' && /2020-01-01/.test(n.message)));
  assert.equal(r.code, 1, 'the unsuppressed high finding still fails the run');

  writeFileSync(join(dir, 'noreason.yaml'), 'suppressions:\n  - check: code/test-check\n');
  const bad = await runCli(['report', 'merge', cur, '--suppressions', 'noreason.yaml'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /noreason\.yaml:2:\d+: .*reason/);
});

test('--out writes files and prints where', async () => {
  const dir = tmp();
  const cur = writeReport(dir, 'cur.json', ['query(a)']);
  const r = await runCli(['report', 'merge', cur, '--out', 'out', '-f', 'json', '--fail-on', 'none'], { cwd: dir });
  assert.equal(r.code, 0);
  const written = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as Report;
  assert.equal(written.runs[0]!.findings.length, 1);
  assert.match(r.stderr, /report written to/);
});

test('inline rampart-ignore comments in scanned files suppress file findings (reason required)', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'app.js'), 'query(a) // rampart-ignore: code/test-check input is a constant\nquery(b) // rampart-ignore: code/test-check\n');
  const findings = ['query(a)', 'query(b)'].map((snippet, i) => testFinding({ kind: 'file', file: 'app.js', startLine: i + 1, snippet }, snippet));
  const run = { ...testRun(findings), target: dir };
  writeFileSync(join(dir, 'r.json'), JSON.stringify(makeReport([run], '0.1.0', '2026-01-01T00:00:00.000Z')));
  const r = await runCli(['report', 'merge', 'r.json', '-f', 'json'], { cwd: dir });
  const [a, b] = (JSON.parse(r.stdout) as Report).runs[0]!.findings;
  assert.match(a!.suppression?.source ?? '', /inline comment at app\.js:1/);
  assert.equal(b!.suppression, undefined);
});

test('a report that breaks the schema is refused with the place that is wrong', async () => {
  const dir = tmp();
  const p = writeReport(dir, 'r.json', ['x']);
  const rep = JSON.parse(readFileSync(p, 'utf8')) as { runs: { findings: { severity: string }[] }[] };
  rep.runs[0]!.findings[0]!.severity = 'catastrophic';
  writeFileSync(join(dir, 'bad.json'), JSON.stringify(rep));
  const r = await runCli(['report', 'merge', 'bad.json'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad\.json: not a valid Rampart report: \/runs\/0\/findings\/0\/severity/);
});

test('rampart checks lists every check and shows one in full', async () => {
  const all = await runCli(['checks']);
  assert.equal(all.code, 0);
  assert.match(all.stdout, /scan\/bola\s+high\s+authorization\s+API1:2023 CWE-639/);
  assert.match(all.stdout, /\d+ checks\n$/);
  const one = await runCli(['checks', 'scan/bola']);
  assert.match(one.stdout, /How to fix:/);
  const json = await runCli(['checks', '--engine', 'spec', '--format', 'json']);
  assert.ok((JSON.parse(json.stdout) as { id: string }[]).every((m) => m.id.startsWith('spec/')));
  const bad = await runCli(['checks', 'scan/nope']);
  assert.equal(bad.code, 2);
});

test('a misspelt check id in the config is reported at its line', async () => {
  const dir = tmp();
  const a = writeReport(dir, 'a.json', ['x']);
  writeFileSync(join(dir, 'rampart.config.yaml'), 'checks:\n  scan/bola: { severity: critical }\n  scan/bolla: { enabled: false }\n');
  const r = await runCli(['report', 'merge', a], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /rampart\.config\.yaml:3:3: unknown key "scan\/bolla"/);
});
