import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../../test/harness/cli.js';
import type { Report } from '../../core/report.js';

const fx = fileURLToPath(new URL('../../engines/spec/fixtures/', import.meta.url));
const surfaceFx = fileURLToPath(new URL('../../surface/fixtures/', import.meta.url));

test('rampart spec --help', async () => {
  const r = await runCli(['spec', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--min-score <n>/);
  assert.match(r.stdout, /--format/);
});

test('rampart spec: JSON report with spec locations relative to the working directory, score in extras', async () => {
  const r = await runCli(['spec', 'vulnerable.yaml', '--format', 'json', '--fail-on', 'none'], { cwd: fx });
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  const run = report.runs[0]!;
  assert.equal(run.engine, 'spec');
  assert.equal(run.target, 'vulnerable.yaml');
  const files = new Set(run.findings.map((f) => (f.location.kind === 'spec' ? f.location.file : '')));
  assert.deepEqual([...files].sort(), ['models.yaml', 'vulnerable.yaml']);
  const score = run.extras!.score as { overall: number; categories: { name: string; score: number; findings: number }[] };
  assert.ok(score.overall > 0 && score.overall < 100);
  assert.equal(score.categories.length, 9);
  assert.match(r.stderr, /spec score: \d+\/100/);
});

test('rampart spec: exit 1 on findings at --fail-on and below --min-score, 0 on the fixed twin', async () => {
  assert.equal((await runCli(['spec', join(fx, 'vulnerable.yaml'), '-q'])).code, 1);
  const low = await runCli(['spec', join(fx, 'vulnerable.yaml'), '-q', '--fail-on', 'none', '--min-score', '95']);
  assert.equal(low.code, 1);
  assert.match(low.stderr, /below the minimum of 95/);
  const fixed = await runCli(['spec', join(fx, 'fixed.yaml'), '--min-score', '100']);
  assert.equal(fixed.code, 0, fixed.stderr);
  assert.match(fixed.stderr, /spec score: 100\/100/);
});

test('rampart spec: config turns rules off, changes severities, lists public operations, sets minScore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-spec-'));
  writeFileSync(join(dir, 'openapi.yaml'), readFileSync(join(fx, 'vulnerable.yaml')));
  writeFileSync(join(dir, 'models.yaml'), readFileSync(join(fx, 'models.yaml')));
  writeFileSync(
    join(dir, 'rampart.config.yaml'),
    'checks:\n  spec/rate-limit-response-missing: { enabled: false }\n  spec/http-basic-auth: { severity: info }\nspec:\n  public: ["POST /notes"]\n  minScore: 10\n',
  );
  const r = await runCli(['spec', 'openapi.yaml', '--format', 'json', '--fail-on', 'none'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const run = (JSON.parse(r.stdout) as Report).runs[0]!;
  assert.ok(!run.findings.some((f) => f.checkId === 'spec/rate-limit-response-missing'));
  assert.equal(run.findings.find((f) => f.checkId === 'spec/http-basic-auth')!.severity, 'info');
  assert.ok(!run.findings.some((f) => f.checkId === 'spec/operation-without-security'));
  writeFileSync(join(dir, 'rampart.config.yaml'), 'spec:\n  minScore: 300\n');
  const bad = await runCli(['spec', 'openapi.yaml'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /rampart\.config\.yaml:2:\d+/);
});

test('rampart spec: bad input is one line with file, line and column, exit 2', async () => {
  for (const [file, re] of [
    ['bad/invalid.yaml', /invalid\.yaml:8:\d+: invalid YAML\/JSON.*\[E_SPEC_PARSE\]/],
    ['bad/ref-missing-file.yaml', /ref-missing-file\.yaml:10:11: broken \$ref.*\[E_SPEC_PARSE\]/],
    // a $ref into its own file: placed at the $ref, and the file named once
    ['bad/ref-missing-pointer.yaml', /: error: bad\/ref-missing-pointer\.yaml:10:11: broken \$ref "#\/components\/responses\/Nope": \/components\/responses\/Nope does not exist \[E_SPEC_PARSE\]\n$/],
    ['bad/not-openapi.yaml', /not-openapi\.yaml:1:1: not an OpenAPI document.*\[E_SPEC_UNSUPPORTED\]/],
  ] as const) {
    const r = await runCli(['spec', file], { cwd: surfaceFx });
    assert.equal(r.code, 2, `${file}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('rampart:')).length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
  // A file far past the size limit (sparse: no disk space), given or reached through a $ref: one
  // line naming it, from its size alone.
  const dir = mkdtempSync(join(tmpdir(), 'rampart-spec-huge-'));
  try {
    truncateSync((writeFileSync(join(dir, 'huge.yaml'), 'openapi: 3.0.3\n'), join(dir, 'huge.yaml')), 600 * 1024 * 1024);
    // A hostile document naming a device that never ends (this read forever).
    writeFileSync(join(dir, 'zero.yaml'), "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths:\n  /a:\n    $ref: '/dev/zero'\n");
    writeFileSync(join(dir, 'main.yaml'), "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths:\n  /a:\n    $ref: 'huge.yaml#/paths/~1a'\n");
    // Nesting that JSON.parse reads but the recursive walks after it cannot take (both crashed with
    // "internal error: Maximum call stack size exceeded", exit 3): 50,000 levels of JSON, and
    // 20,000 schemas chained by $refs.
    writeFileSync(join(dir, 'deep.json'), `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"x-deep":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)},"paths":{}}`);
    const chain = ['openapi: 3.0.3', "info: {title: t, version: '1'}", 'paths:', '  /a:', '    post:', '      requestBody:', '        content:', '          application/json:', "            schema: {$ref: '#/components/schemas/S0'}", '      responses:', "        '200': {description: ok}", 'components:', '  schemas:'];
    for (let i = 0; i < 20_000; i++) chain.push(`    S${i}:`, '      type: object', `      properties: {a: {$ref: '#/components/schemas/S${i + 1}'}}`);
    writeFileSync(join(dir, 'chain.yaml'), `${chain.join('\n')}\n    S20000: {type: string}\n`);
    for (const [file, re] of [
      ['huge.yaml', /^rampart: error: huge\.yaml:1:1: the document is 600 MB, past the limit of 64 MB \[E_SPEC_PARSE\]$/m],
      ['main.yaml', /^rampart: error: huge\.yaml:1:1: the document is 600 MB, past the limit of 64 MB \[E_SPEC_PARSE\]$/m],
      ['zero.yaml', /^rampart: error: .*dev\/zero:1:1: the document is past the limit of 64 MB \[E_SPEC_PARSE\]$/m],
      ['deep.json', /^rampart: error: deep\.json:1:\d+: invalid YAML\/JSON: nesting exceeded maxDepth \(100\) \[E_SPEC_PARSE\]$/m],
      ['chain.yaml', /^rampart: error: chain\.yaml:\d+:5: the document nests more than 500 objects in one another through its \$refs \[E_SPEC_PARSE\]$/m],
    ] as const) {
      const r = await runCli(['spec', file], { cwd: dir });
      assert.equal(r.code, 2, `${file}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('rampart:')).length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const missing = await runCli(['spec', 'nope.yaml'], { cwd: surfaceFx });
  assert.equal(missing.code, 2);
  const usage = await runCli(['spec', join(fx, 'fixed.yaml'), '--min-score', 'high']);
  assert.equal(usage.code, 2);
});

test('the demo step audits the example API document with locations relative to the repository', async () => {
  const { specDemoStep } = await import('./spec.js');
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const exampleDir = join(root, 'examples', 'vulnerable-api');
  const run = await specDemoStep.run({
    baseUrl: 'http://127.0.0.1:1',
    exampleDir,
    specFile: join(exampleDir, 'openapi.yaml'),
    sourceDir: join(exampleDir, 'src'),
    users: { alice: { username: 'a', password: 'p' }, bob: { username: 'b', password: 'p' }, admin: { username: 'c', password: 'p' } },
    workDir: tmpdir(),
    progress: () => {},
    signal: new AbortController().signal,
  });
  assert.equal(run.engine, 'spec');
  assert.ok(run.findings.length > 0);
  assert.ok(run.findings.every((f) => f.location.kind === 'spec' && f.location.file === 'examples/vulnerable-api/openapi.yaml'));
});

test('rampart spec: an --out that cannot be a directory is refused before the run, not after it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-spec-out-'));
  try {
    writeFileSync(join(dir, 'taken'), 'a file\n');
    for (const [out, where] of [
      ['taken', 'it is'],
      ['taken/sub/x', `${join(dir, 'taken')} is`],
    ] as const) {
      const r = await runCli(['spec', join(fx, 'vulnerable.yaml'), '-o', out, '-f', 'json'], { cwd: dir });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr, `rampart: error: cannot write the report into ${out}: ${where} a file, not a directory [E_USAGE]\n`, 'one line, and no progress: the audit did not run');
    }
    // Its twin: a directory that does not exist yet is made.
    const ok = await runCli(['spec', join(fx, 'vulnerable.yaml'), '-o', 'new/reports', '-f', 'json', '-q', '--fail-on', 'none'], { cwd: dir });
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(JSON.parse(readFileSync(join(dir, 'new/reports/report.json'), 'utf8')).runs[0].findings.length > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
