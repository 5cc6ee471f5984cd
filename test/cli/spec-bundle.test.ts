import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../harness/cli.js';

// `rampart spec` runs from a bundle of its modules when the build wrote one (scripts/bundle-spec.mjs,
// bin/rampart.js). This bundles src/ the same way and proves the bundle reports exactly what the
// modules report, and that a config file is still checked against every engine's section (the
// other commands are chunks of the same bundle, sharing its config-schema module).
const ROOT = new URL('../..', import.meta.url).pathname;
const FIXTURE = join(ROOT, 'src/engines/spec/fixtures/vulnerable.yaml');
const NOW = '2026-01-01T00:00:00.000Z';

test('the spec bundle reports what the modules report, and still validates the whole config', async () => {
  // Inside the package (node_modules/.cache), so its packages and the package root are found from the bundle.
  mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'node_modules/.cache/rampart-spec-bundle-'));
  try {
    const built = spawnSync(process.execPath, [join(ROOT, 'scripts/bundle-spec.mjs'), '--entry', join(ROOT, 'src/cli/spec-main.ts'), '--outdir', join(dir, 'out')], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(built.status, 0, built.stderr);
    writeFileSync(
      join(dir, 'run.mjs'),
      `const { main } = await import(${JSON.stringify(join(dir, 'out/main.mjs'))});
const ctx = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: {}, now: () => new Date(${JSON.stringify(NOW)}), exitCode: 0, signal: new AbortController().signal };
process.exitCode = await main(['node', 'rampart', ...process.argv.slice(2)], ctx);
`,
    );
    const bundled = (args: string[], cwd = ROOT) => spawnSync(process.execPath, [join(dir, 'run.mjs'), ...args], { cwd, encoding: 'utf8', timeout: 60_000 });

    const args = ['spec', FIXTURE, '--format', 'json', '--fail-on', 'none', '-q'];
    const fromBundle = bundled(args);
    assert.equal(fromBundle.status, 0, fromBundle.stderr);
    const fromModules = await runCli(args, { cwd: ROOT, now: () => new Date(NOW) });
    assert.equal(fromModules.code, 0, fromModules.stderr);
    assert.ok(JSON.parse(fromBundle.stdout).runs[0].findings.length > 10);
    assert.equal(fromBundle.stdout, fromModules.stdout);

    // Another engine's section with a misspelt key: reported at its line from the bundle too.
    const cfgDir = join(dir, 'cfg');
    mkdirSync(cfgDir);
    writeFileSync(join(cfgDir, 'rampart.config.yaml'), 'failOn: none\nscan:\n  identitys: {}\n');
    const bad = bundled(['spec', FIXTURE, '-q'], cfgDir);
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, /rampart\.config\.yaml:3:3: unknown key "identitys" \[E_CONFIG_INVALID\]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
