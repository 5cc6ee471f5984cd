import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A run loads only the module of its command (src/cli/main.ts). These run the CLI in a fresh
// process, where no other command has been loaded by an earlier test, to prove that a config file
// is still checked against every engine's section and every check id.
const ROOT = new URL('../..', import.meta.url).pathname;
const RUNNER = `import { main } from ${JSON.stringify(join(ROOT, 'src/cli/main.ts'))};
const code = await main(['node', 'rampart', ...process.argv.slice(2)]);
const loaded = Object.keys((await import('node:module')).createRequire(import.meta.url).cache);
process.stderr.write('loaded-ajv:' + loaded.some((k) => k.includes('/node_modules/ajv/')) + '\\n');
process.exitCode = code;
`;

function rampart(dir: string, args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(dir, 'run.mts'), ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stderr: r.stderr };
}

test('rampart spec in a fresh process: config sections of other commands and check ids are still validated', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-lazy-'));
  try {
    writeFileSync(join(dir, 'run.mts'), RUNNER);
    writeFileSync(join(dir, 'api.yaml'), 'openapi: 3.0.3\ninfo:\n  title: t\n  version: "1"\npaths: {}\n');

    // No config file: the command runs without loading ajv (config validation is not needed).
    let r = rampart(dir, ['spec', 'api.yaml', '-q', '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /loaded-ajv:false/);

    // Another engine's section with a misspelt key: reported at its line, though `scan` is not loaded to run.
    writeFileSync(join(dir, 'rampart.config.yaml'), 'failOn: none\nscan:\n  identitys: {}\n');
    r = rampart(dir, ['spec', 'api.yaml', '-q']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /rampart\.config\.yaml:3:3: unknown key "identitys" \[E_CONFIG_INVALID\]/);

    // A check id of another engine is known; an unknown id is not.
    writeFileSync(join(dir, 'rampart.config.yaml'), 'failOn: none\nchecks:\n  code/sql-injection:\n    enabled: false\n');
    r = rampart(dir, ['spec', 'api.yaml', '-q', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    writeFileSync(join(dir, 'rampart.config.yaml'), 'failOn: none\nchecks:\n  code/no-such-check:\n    enabled: false\n');
    r = rampart(dir, ['spec', 'api.yaml', '-q']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /unknown key "code\/no-such-check"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
