import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli } from '../harness/cli.js';
import { generateLog } from '../../src/engines/logs/generator/index.js';
import { logsDemoStep } from '../../src/cli/commands/logs.js';
import { noProgress } from '../../src/core/progress.js';

const dir = mkdtempSync(join(tmpdir(), 'rampart-logs-cli-'));
const g = generateLog({ seed: 5, benignLines: 15_000, users: 80, days: 2, format: 'combined' });
writeFileSync(join(dir, 'access.log'), `${[...g.lines].join('\n')}\n`);
writeFileSync(join(dir, 'revoked.txt'), g.revokedList);

test('rampart logs: findings, exit 1, JSON report with a timeline and masked samples', async () => {
  const r = await runCli(['logs', 'access.log', '--revoked', 'revoked.txt', '--format', 'json', '-q'], { cwd: dir, env: { RAMPART_LOGS_HASH_KEY: 'a-stable-key-for-tests' } });
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  const run = report.runs[0];
  assert.equal(run.engine, 'logs');
  const ids = new Set(run.findings.map((f: { checkId: string }) => f.checkId));
  for (const id of ['logs/brute-force', 'logs/credential-stuffing', 'logs/revoked-token-use', 'logs/token-new-context']) assert.ok(ids.has(id), id);
  const f = run.findings[0];
  assert.equal(f.domain, 'abuse');
  assert.equal(f.location.kind, 'log');
  assert.equal(f.location.file, 'access.log');
  assert.ok(Array.isArray(run.extras.timeline) && run.extras.timeline.length >= run.findings.length);
  assert.ok(run.stats.linesPerSecond > 0);
  assert.doesNotMatch(r.stdout, /Bearer (?!…)[A-Za-z0-9_]{16,}/);
  // stable key: the same run gives the same fingerprints
  const r2 = await runCli(['logs', 'access.log', '--revoked', 'revoked.txt', '--format', 'json', '-q'], { cwd: dir, env: { RAMPART_LOGS_HASH_KEY: 'a-stable-key-for-tests' } });
  const fp = (s: string) => JSON.parse(s).runs[0].findings.map((x: { fingerprint: string }) => x.fingerprint).sort();
  assert.deepEqual(fp(r2.stdout), fp(r.stdout));
});

test('rampart logs: config thresholds and disabled checks apply; unknown keys are exit 2', async () => {
  writeFileSync(join(dir, 'rampart.config.yaml'), 'logs:\n  detectors:\n    brute-force:\n      maxFailures: 100000\ncheckS: 1\n');
  const bad = await runCli(['logs', 'access.log', '-q'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown key "checkS"/);
  unlinkSync(join(dir, 'rampart.config.yaml'));
  writeFileSync(join(dir, 'cfg.yaml'), 'failOn: none\nlogs:\n  warmupHours: 1\n  detectors:\n    brute-force:\n      maxFailures: 100000\nchecks:\n  logs/scraping: { enabled: false }\n');
  const r = await runCli(['logs', 'access.log', '-c', 'cfg.yaml', '--format', 'json', '-q'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const ids = JSON.parse(r.stdout).runs[0].findings.map((f: { checkId: string }) => f.checkId);
  assert.ok(!ids.includes('logs/brute-force'));
  assert.ok(!ids.includes('logs/scraping'));
  assert.ok(ids.includes('logs/credential-stuffing'));
  writeFileSync(join(dir, 'typo.yaml'), 'logs:\n  detectors:\n    brute-force:\n      maxFailure: 3\n');
  const typo = await runCli(['logs', 'access.log', '-c', 'typo.yaml'], { cwd: dir });
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /typo.yaml:4:\d+: unknown key "maxFailure"/);
});

test('rampart logs: JSON lines with --map, gzip input, several files', async () => {
  const lines = [
    { ts: '2026-03-02T08:00:00Z', src: '45.1.2.3', verb: 'POST', url: '/api/login', code: 401, who: 'alice' },
    { ts: '2026-03-02T08:00:01Z', src: '45.1.2.3', verb: 'POST', url: '/api/login', code: 401, who: 'alice' },
    { ts: '2026-03-02T08:00:02Z', src: '45.1.2.3', verb: 'POST', url: '/api/login', code: 401, who: 'alice' },
  ];
  writeFileSync(join(dir, 'custom.jsonl.gz'), gzipSync(lines.map((l) => JSON.stringify(l)).join('\n')));
  writeFileSync(join(dir, 'custom.yaml'), 'logs:\n  detectors:\n    brute-force: { maxFailures: 3 }\n');
  const r = await runCli(['logs', 'custom.jsonl.gz', '--map', 'time=ts', '--map', 'ip=src', '--map', 'method=verb', '--map', 'path=url', '--map', 'status=code', '--map', 'user=who', '-c', 'custom.yaml', '--format', 'json', '-q'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  const run = JSON.parse(r.stdout).runs[0];
  assert.deepEqual(run.findings.map((f: { checkId: string }) => f.checkId), ['logs/brute-force']);
  assert.equal(run.findings[0].evidence.data.principal, 'alice');
  const bad = await runCli(['logs', 'custom.jsonl.gz', '--map', 'nonsense'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--map expects field=path/);
});

test('rampart logs: nothing usable is exit 2 with a clear message; partly usable input is analysed', async () => {
  writeFileSync(join(dir, 'junk.log'), Buffer.from([0, 1, 2, 3, 255, 254, 0, 7, 8]));
  const r = await runCli(['logs', 'junk.log'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^rampart: error: .*no usable access-log line.*junk\.log: binary data.*\[E_LOG_PARSE\]\n$/);
  const gz = gzipSync(readFileSync(join(dir, 'access.log')));
  writeFileSync(join(dir, 'cut.log.gz'), gz.subarray(0, gz.length >> 1));
  const p = await runCli(['logs', 'cut.log.gz', 'junk.log', '--format', 'json', '-q', '--fail-on', 'none'], { cwd: dir });
  assert.equal(p.code, 0, p.stderr);
  const codes = JSON.parse(p.stdout).runs[0].notifications.map((n: { code: string }) => n.code);
  assert.ok(codes.includes('gzip-truncated'));
  assert.ok(codes.includes('file-unusable'));
  const missing = await runCli(['logs', 'access.log', '--spec', 'nope.yaml'], { cwd: dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read .*nope\.yaml: ENOENT/);
});

test('demo step: a generated log with injected attacks yields incidents of every detector', async () => {
  const work = mkdtempSync(join(tmpdir(), 'rampart-logs-demo-'));
  const run = await logsDemoStep.run({
    baseUrl: 'http://127.0.0.1:1',
    exampleDir: work,
    specFile: join(work, 'missing-openapi.yaml'),
    sourceDir: work,
    users: { alice: { username: 'alice', password: 'x' }, bob: { username: 'bob', password: 'x' }, admin: { username: 'admin', password: 'x' } },
    workDir: work,
    progress: noProgress,
    signal: new AbortController().signal,
  });
  assert.equal(run.engine, 'logs');
  const ids = new Set(run.findings.map((f) => f.checkId));
  assert.equal(ids.size, run.checks.length, [...ids].join(', '));
});
