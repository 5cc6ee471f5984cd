import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../harness/cli.js';

// `rampart spec` runs from a bundle of its modules, with a V8 code cache, when the build wrote them
// (scripts/bundle-spec.mjs, bin/spec-bundle.js). This bundles src/ the same way and proves the
// bundle reports exactly what the modules report, with its code cache, with a cache V8 rejects and
// without one; and that a config file is still checked against every engine's section (the bundle
// takes the full config schema from the modules, where every command registers its section).
const ROOT = new URL('../..', import.meta.url).pathname;
const FIXTURE = join(ROOT, 'src/engines/spec/fixtures/vulnerable.yaml');
const NOW = '2026-01-01T00:00:00.000Z';

test('the spec bundle reports what the modules report, with or without its code cache, and still validates the whole config', async () => {
  // Inside the package (node_modules/.cache), so its packages and the package root are found from the bundle.
  mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'node_modules/.cache/rampart-spec-bundle-'));
  try {
    const out = join(dir, 'out');
    const built = spawnSync(process.execPath, [join(ROOT, 'scripts/bundle-spec.mjs'), '--entry', join(ROOT, 'src/cli/spec-main.ts'), '--outdir', out], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(built.status, 0, built.stderr);
    assert.equal(built.stderr, '');
    const caches = readdirSync(out).filter((f) => f.endsWith('.cache'));
    assert.equal(caches.length, 1, 'the build writes one code cache');
    const cacheFile = join(out, caches[0]!);
    // Loading the bundle loads neither child_process (commander's is a stand-in that loads it on
    // first use) nor picocolors and the tty module (loaded by the first console report).
    const loaded = `[...process.moduleLoadList.filter((m) => /^NativeModule (child_process|tty)$/.test(m)), ...Object.keys(require.cache).filter((f) => f.includes('picocolors'))]`;
    const loads = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(join(ROOT, 'bin/spec-bundle.js'))}).loadSpecBundle(${JSON.stringify(join(out, 'main.cjs'))}); console.log(JSON.stringify(${loaded}))`], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(loads.stderr, '');
    assert.equal(loads.stdout, '[]\n');
    // Loaded the way bin/rampart.js loads it; says on stderr whether the code cache was used.
    writeFileSync(
      join(dir, 'run.cjs'),
      `const { endSpecRun, loadSpecBundle, setSpecFlags } = require(${JSON.stringify(join(ROOT, 'bin/spec-bundle.js'))});
setSpecFlags();
const bundle = loadSpecBundle(${JSON.stringify(join(out, 'main.cjs'))});
process.stderr.write('code cache: ' + bundle.cache + '\\n');
const ctx = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: {}, now: () => new Date(${JSON.stringify(NOW)}), exitCode: 0, signal: new AbortController().signal };
bundle.main(['node', 'rampart', ...process.argv.slice(2)], ctx).then(endSpecRun);
`,
    );
    // tsx: the bundle's import() calls load the modules, here from src/.
    const bundled = (args: string[], cwd = ROOT, nodeArgs: string[] = [], env = process.env) =>
      spawnSync(process.execPath, ['--import', 'tsx', ...nodeArgs, join(dir, 'run.cjs'), ...args], { cwd, env, encoding: 'utf8', timeout: 60_000 });

    const args = ['spec', FIXTURE, '--format', 'json', '--fail-on', 'none', '-q'];
    const fromModules = await runCli(args, { cwd: ROOT, now: () => new Date(NOW) });
    assert.equal(fromModules.code, 0, fromModules.stderr);
    assert.ok(JSON.parse(fromModules.stdout).runs[0].findings.length > 10);
    const fromBundle = (cache: string) => {
      const r = bundled(args);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, `code cache: ${cache}\n`);
      assert.equal(r.stdout, fromModules.stdout);
    };
    fromBundle('used');

    // The run exits as soon as its report is written (process.exit: no 'beforeExit', Node does not
    // wait for an empty event loop), with its exit code. While stdout still holds part of the report
    // back (here a pipe stream that cannot be made blocking, corked, as a non-blocking pipe with a
    // slow reader holds data), it does not: Node exits once the loop is done (here after
    // 'beforeExit' uncorks stdout) and the report arrives whole.
    writeFileSync(
      join(dir, 'probe.cjs'),
      `if (require('node:worker_threads').isMainThread) { // not in tsx's loader thread
  let loopDone = false;
  if (process.env.CORK_STDOUT) { process.stdout._handle.setBlocking = undefined; process.stdout.cork(); }
  process.on('beforeExit', () => { loopDone = true; if (process.stdout.writableCorked) process.stdout.uncork(); });
  process.on('exit', () => require('node:fs').writeSync(2, loopDone ? 'exited when the loop was done\\n' : 'exited at once\\n'));
}
`,
    );
    const probed = (extra: string[], env: NodeJS.ProcessEnv = process.env) => bundled([...args, ...extra], ROOT, ['--require', join(dir, 'probe.cjs')], env);
    let r = probed([]);
    assert.deepEqual([r.status, r.stderr], [0, 'code cache: used\nexited at once\n']);
    assert.equal(r.stdout, fromModules.stdout);
    r = probed(['--fail-on', 'low']);
    assert.deepEqual([r.status, r.stderr], [1, 'code cache: used\nexited at once\n']);
    r = probed([], { ...process.env, CORK_STDOUT: '1' });
    assert.deepEqual([r.status, r.stderr], [0, 'code cache: used\nexited when the loop was done\n']);
    assert.equal(r.stdout, fromModules.stdout);

    // Another engine's section with a misspelt key: reported at its line from the bundle too.
    const cfgDir = join(dir, 'cfg');
    mkdirSync(cfgDir);
    writeFileSync(join(cfgDir, 'rampart.config.yaml'), 'failOn: none\nscan:\n  identitys: {}\n');
    const bad = bundled(['spec', FIXTURE, '-q'], cfgDir);
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, /rampart\.config\.yaml:3:3: unknown key "identitys" \[E_CONFIG_INVALID\]/);

    // A cache V8 rejects (not one it made), then none: the same report, compiled from the source.
    writeFileSync(cacheFile, Buffer.alloc(4096, 7));
    fromBundle('rejected');
    rmSync(cacheFile);
    fromBundle('missing');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
