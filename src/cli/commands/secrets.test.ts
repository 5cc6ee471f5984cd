import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../test/harness/cli.js';
import { syntheticTokens } from '../../engines/secrets/testing.js';
import type { Report } from '../../core/report.js';
import type { DemoContext } from '../demo-steps.js';
import { secretsDemoStep } from './secrets.js';

const t = syntheticTokens(99);

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-secrets-cli-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'config.js'), `export const key = '${t.stripe}';\nexport const acme = 'ACME-9f3a61c07be24d58e1a6';\n`);
  return dir;
}

test('rampart secrets: JSON report with masked secrets, exit 1 on a high finding', async () => {
  const dir = project();
  const r = await runCli(['secrets', '.', '--format', 'json', '--quiet'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  const f = report.runs[0]!.findings;
  assert.deepEqual(f.map((x) => x.checkId), ['secrets/provider-key']);
  assert.ok(!r.stdout.includes(t.stripe));
  const shown = await runCli(['secrets', 'src', '--show-secrets', '--quiet', '--format', 'json'], { cwd: dir });
  assert.ok(shown.stdout.includes(t.stripe));
  const console = await runCli(['secrets', dir, '--quiet'], { cwd: dir });
  assert.ok(!console.stdout.includes(t.stripe));
  assert.match(console.stdout, /sk_liv…/);
});

test('rampart secrets: rules from the config file, and invalid config rules exit 2 with positions', async () => {
  const dir = project();
  writeFileSync(join(dir, 'rampart.config.yaml'), "secrets:\n  rules:\n    - id: acme-key\n      description: ACME internal key\n      keywords: ['acme-']\n      regex: '\\b(ACME-[0-9a-f]{20})\\b'\n      severity: critical\n");
  const r = await runCli(['secrets', '--format', 'json', '--quiet', '--fail-on', 'critical'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  const ids = (JSON.parse(r.stdout) as Report).runs[0]!.findings.map((f) => f.title);
  assert.ok(ids.includes('ACME internal key'));
  writeFileSync(join(dir, 'rampart.config.yaml'), 'secrets:\n  rules:\n    - id: acme-key\n      keywords: []\n      regex: x\n      bogus: 1\n');
  const bad = await runCli(['secrets', '--quiet'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /rampart\.config\.yaml:\d+:\d+/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /);
  writeFileSync(join(dir, 'rampart.config.yaml'), "secrets:\n  rules:\n    - id: broken\n      description: x\n      keywords: ['ab']\n      regex: '(unclosed'\n");
  const badRe = await runCli(['secrets', '--quiet'], { cwd: dir });
  assert.equal(badRe.code, 2);
  assert.match(badRe.stderr, /invalid regex.*\[E_RULES_INVALID\]/);
});

test('rampart secrets: usage errors exit 2; --help lists the flags', async () => {
  const dir = project();
  const help = await runCli(['secrets', '--help']);
  assert.equal(help.code, 0);
  for (const flag of ['--git', '--show-secrets', '--no-gitignore', '--max-file-size']) assert.ok(help.stdout.includes(flag), flag);
  assert.equal((await runCli(['secrets', '--max-file-size', 'lots'], { cwd: dir })).code, 2);
  const missing = await runCli(['secrets', 'nope', '--quiet'], { cwd: dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file or directory/);
});

test('the demo step finds the keys planted in the example API (server source and served script), none in the secure twin', async () => {
  const exampleDir = join(process.cwd(), 'examples', 'vulnerable-api');
  const run = await secretsDemoStep.run({ exampleDir, progress: () => {}, signal: new AbortController().signal } as unknown as DemoContext);
  const files = new Set(run.findings.filter((f) => f.severity === 'high').map((f) => (f.location.kind === 'file' ? f.location.file : '')));
  assert.ok(files.has('public/app.js'), [...files].join(', '));
  assert.ok([...files].some((f) => f.startsWith('src/')), [...files].join(', '));
  assert.ok(![...files].some((f) => f.startsWith('public-secure/') || f.includes('config.secure')));
});
