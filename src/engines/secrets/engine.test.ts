// End-to-end tests of the engine over real files: trees, git history, archives, bundles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { ToolError } from '../../core/errors.js';
import type { FileLocation, Finding } from '../../core/finding.js';
import { runSecrets } from './engine.js';
import { buildDex, buildTar, buildZip, encodeVlq, syntheticTokens } from './testing.js';

const t = syntheticTokens(2026);

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'rampart-secrets-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return root;
}

function loc(f: Finding): FileLocation {
  assert.equal(f.location.kind, 'file');
  return f.location as FileLocation;
}

function byRule(findings: readonly Finding[], rule: string): Finding[] {
  return findings.filter((f) => (f.evidence?.data as { rule?: string } | undefined)?.rule === rule);
}

test('a tree: finds keys with file and line, masks them, honours .gitignore, skips binary and oversized files', async () => {
  const root = tree({
    '.gitignore': 'ignored/\n*.local\n',
    'src/config.js': `// config\nexport const stripe = '${t.stripe}';\n`,
    'src/slack.py': `\n\nSLACK = "${t.slack}"\n`,
    'ignored/keys.js': `const k = '${t.github}';\n`,
    'settings.local': `token=${t.sendgrid}\n`,
    'img/logo.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from(t.aws)]),
    'big/data.txt': `${'a'.repeat(2000)}\n${t.aws}\n`,
  });
  const run = await runSecrets({ paths: [root], cwd: root, workers: 0, maxFileSize: 1500 });
  const stripe = byRule(run.findings, 'stripe-secret-key');
  assert.equal(stripe.length, 1);
  assert.equal(stripe[0]!.checkId, 'secrets/provider-key');
  assert.deepEqual([loc(stripe[0]!).file, loc(stripe[0]!).startLine], ['src/config.js', 2]);
  assert.equal(byRule(run.findings, 'slack-bot-token').length, 1);
  assert.equal(loc(byRule(run.findings, 'slack-bot-token')[0]!).startLine, 3);
  // .gitignore'd paths, binary files and the oversized file are not reported
  assert.deepEqual(byRule(run.findings, 'github-pat'), []);
  assert.deepEqual(byRule(run.findings, 'sendgrid-api-key'), []);
  assert.deepEqual(byRule(run.findings, 'aws-access-key-id'), []);
  assert.ok(run.notifications.some((n) => n.code === 'file-too-large' && n.subject === 'big/data.txt'));
  assert.equal(run.stats.binarySkipped, 1);
  // never leak: no output carries the secret; the fingerprint is a hash
  const json = JSON.stringify(run);
  for (const s of [t.stripe, t.slack]) assert.ok(!json.includes(s), 'secret leaked into the run');
  assert.match(stripe[0]!.evidence!.secret!, /^sk_liv…\(40 chars\)$/);
  assert.match(stripe[0]!.fingerprint, /^[0-9a-f]{32}$/);

  const all = await runSecrets({ paths: [root], cwd: root, workers: 0, gitignore: false, showSecrets: true });
  assert.equal(byRule(all.findings, 'github-pat').length, 1);
  assert.equal(byRule(all.findings, 'sendgrid-api-key').length, 1);
  assert.equal(byRule(all.findings, 'stripe-secret-key')[0]!.evidence!.secret, t.stripe);
});

test('a device or pipe named as a path is skipped with a warning (it read /dev/zero forever); files beside it are scanned', async () => {
  const root = tree({ 'src/config.js': `export const stripe = '${t.stripe}';\n` });
  const run = await runSecrets({ paths: ['/dev/zero', join(root, 'src/config.js')], cwd: root, workers: 0 });
  assert.equal(byRule(run.findings, 'stripe-secret-key').length, 1);
  assert.deepEqual(
    run.notifications.map((n) => `${n.level} ${n.code} ${n.message}`),
    ['warning file-unreadable zero: not a regular file (a device, pipe or socket); skipped'],
  );
});

test('scanning a subdirectory of a repository honours the .gitignore files above it', async () => {
  const root = tree({ '.gitignore': 'generated/\n', 'app/generated/keys.js': `const k = '${t.stripe}';\n`, 'app/main.js': `const k = '${t.stripe}';\n` });
  mkdirSync(join(root, '.git'));
  const run = await runSecrets({ paths: [join(root, 'app')], cwd: root, workers: 0 });
  assert.deepEqual(run.findings.map((f) => loc(f).file), ['main.js']);
  const all = await runSecrets({ paths: [join(root, 'app')], cwd: root, workers: 0, gitignore: false });
  assert.equal(all.findings.length, 2);
});

test('fingerprints survive lines moving and differ per secret', async () => {
  const a = tree({ 'app.js': `const k = '${t.stripe}';\n` });
  const b = tree({ 'app.js': `// a comment\n\nconst k = '${t.stripe}';\n` });
  const c = tree({ 'app.js': `const k = '${t.stripe.slice(0, -4)}ZZZZ';\n` });
  const [fa, fb, fc] = await Promise.all([a, b, c].map((root) => runSecrets({ paths: [root], cwd: root, workers: 0 })));
  assert.equal(fa!.findings[0]!.fingerprint, fb!.findings[0]!.fingerprint);
  assert.notEqual(fa!.findings[0]!.fingerprint, fc!.findings[0]!.fingerprint);
});

test('false-positive control: placeholders, example keys and env references are dropped; test paths and bad checksums lower confidence; publishable keys are low severity', async () => {
  const root = tree({
    'src/a.js': [
      "const k1 = 'sk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxx';",
      "const aws = 'AKIAIOSFODNN7EXAMPLE';",
      'const password = "${DB_PASSWORD}";',
      "const apiKey = '<your-api-key>';",
      "const secret = 'changeme-changeme';",
      `const gh = '${t.githubBadChecksum}';`,
      `const pk = '${t.stripePublishable}';`,
    ].join('\n'),
    'test/fixtures/keys.js': `const k = '${t.stripe}';\n`,
  });
  const run = await runSecrets({ paths: [root], cwd: root, workers: 0 });
  const rules = run.findings.map((f) => (f.evidence!.data as { rule: string }).rule).sort();
  assert.deepEqual(rules, ['github-pat', 'stripe-publishable-key', 'stripe-secret-key']);
  const gh = byRule(run.findings, 'github-pat')[0]!;
  assert.equal(gh.confidence, 'low');
  assert.match(gh.evidence!.summary!, /checksum does not verify/);
  const fixture = byRule(run.findings, 'stripe-secret-key')[0]!;
  assert.equal(loc(fixture).file, 'test/fixtures/keys.js');
  assert.equal(fixture.confidence, 'low');
  const pk = byRule(run.findings, 'stripe-publishable-key')[0]!;
  assert.equal(pk.checkId, 'secrets/public-key-by-design');
  assert.equal(pk.severity, 'low');
  assert.match(pk.message, /Public by design/);
  const good = tree({ 'a.js': `const gh = '${t.github}';\n` });
  const ok = await runSecrets({ paths: [good], cwd: good, workers: 0 });
  assert.equal(ok.findings[0]!.confidence, 'high');
  assert.match(ok.findings[0]!.evidence!.summary!, /checksum verified/);
});

test('secrets the way code writes them: concatenated literals and a PEM key with \\n escapes in one string', async () => {
  const half = Math.floor(t.stripe.length / 2);
  const pem = ['-----BEGIN RSA PRIVATE KEY-----', ...t.pemBody, '-----END RSA PRIVATE KEY-----'].join('\\n');
  const root = tree({
    'src/pay.ts': `import x from 'y';\n\nconst key =\n  '${t.stripe.slice(0, half)}' +\n  '${t.stripe.slice(half)}';\n`,
    'src/keys.js': `// key\nconst KEY = "${pem}";\n`,
    'notes.txt': `'${t.stripe.slice(0, half)}' + '${t.stripe.slice(half)}'\n`,
  });
  const run = await runSecrets({ paths: [root], cwd: root, workers: 0 });
  const stripe = byRule(run.findings, 'stripe-secret-key');
  assert.equal(stripe.length, 1, 'split key in the source file is found; the text file is not normalised');
  assert.deepEqual([loc(stripe[0]!).file, loc(stripe[0]!).startLine], ['src/pay.ts', 4]);
  const key = byRule(run.findings, 'pem-private-key');
  assert.equal(key.length, 1);
  assert.equal(key[0]!.checkId, 'secrets/private-key');
  assert.deepEqual([loc(key[0]!).file, loc(key[0]!).startLine], ['src/keys.js', 2]);
});

test('git history: a secret added and later deleted is found with commit, author, date, file and line', async () => {
  const root = tree({ 'README.md': '# app\n' });
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: root,
      env: { ...process.env, GIT_AUTHOR_NAME: 'Dev One', GIT_AUTHOR_EMAIL: 'dev@example.org', GIT_COMMITTER_NAME: 'Dev One', GIT_COMMITTER_EMAIL: 'dev@example.org', GIT_AUTHOR_DATE: '2025-03-04T05:06:07Z', GIT_COMMITTER_DATE: '2025-03-04T05:06:07Z' },
      encoding: 'utf8',
    }).trim();
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'init');
  writeFileSync(join(root, 'config.js'), `module.exports = {\n  region: 'eu',\n  slack: '${t.slack}',\n};\n`);
  git('add', '.');
  git('commit', '-q', '-m', 'add config');
  const added = git('rev-parse', 'HEAD');
  writeFileSync(join(root, 'config.js'), `module.exports = {\n  region: 'eu',\n  slack: process.env.SLACK,\n};\n`);
  git('commit', '-q', '-am', 'remove the token');
  // the working tree is clean now
  const tree0 = await runSecrets({ paths: [root], cwd: root, workers: 0 });
  assert.deepEqual(byRule(tree0.findings, 'slack-bot-token'), []);
  const hist = await runSecrets({ paths: [root], cwd: root, git: true });
  const f = byRule(hist.findings, 'slack-bot-token');
  assert.equal(f.length, 1);
  const l = loc(f[0]!);
  assert.deepEqual([l.file, l.startLine, l.commit], ['config.js', 3, added]);
  assert.equal((f[0]!.evidence!.data as { author: string }).author, 'Dev One <dev@example.org>');
  assert.match(f[0]!.message, new RegExp(`commit ${added.slice(0, 12)} by Dev One`));
  assert.equal(hist.stats.commits, 3);
  assert.ok(!JSON.stringify(hist).includes(t.slack));
  await assert.rejects(runSecrets({ paths: [tree({ 'a.txt': 'x' })], cwd: tmpdir(), git: true }), (e: unknown) => e instanceof ToolError && e.code === 'E_INPUT_INVALID');
});

test('an APK-shaped archive: a key in a nested archive and in the dex string table are found; tar.gz too', async () => {
  const inner = buildZip([{ name: 'assets/config.properties', data: `api.key=${t.sendgrid}\n`, deflate: true }]);
  const dex = buildDex(['Landroid/app/Activity;', 'onCreate', t.github, 'https://api.example.org']);
  const apk = buildZip([
    { name: 'AndroidManifest.xml', data: Buffer.from([3, 0, 8, 0, 0, 0]) },
    { name: 'classes.dex', data: dex, deflate: true },
    { name: 'lib/bundle.zip', data: inner },
    { name: 'res/raw/readme.txt', data: 'nothing here\n', deflate: true },
    { name: 'resources.arsc', data: Buffer.concat([Buffer.from([2, 0, 12, 0, 0, 0]), Buffer.from(`slack_token\0${t.slack}\0`)]), deflate: true },
  ]);
  const tgz = gzipSync(buildTar([{ name: 'pkg/.env', data: `\nSTRIPE_KEY=${t.stripe}\n` }]));
  const root = tree({ 'dist/app.apk': apk, 'dist/release.tgz': tgz });
  const run = await runSecrets({ paths: [root], cwd: root, workers: 0 });
  const sg = byRule(run.findings, 'sendgrid-api-key');
  assert.equal(loc(sg[0]!).file, 'dist/app.apk!/lib/bundle.zip!/assets/config.properties');
  assert.equal(loc(sg[0]!).startLine, 1);
  const gh = byRule(run.findings, 'github-pat');
  assert.equal(loc(gh[0]!).file, 'dist/app.apk!/classes.dex');
  assert.equal(loc(gh[0]!).startLine, 3, 'line = position in the string table');
  assert.equal((gh[0]!.evidence!.data as { found: string }).found, 'dex-string');
  const st = byRule(run.findings, 'stripe-secret-key');
  assert.deepEqual([loc(st[0]!).file, loc(st[0]!).startLine], ['dist/release.tgz!/pkg/.env', 2]);
  const res = byRule(run.findings, 'slack-bot-token');
  assert.equal(loc(res[0]!).file, 'dist/app.apk!/resources.arsc');
  assert.equal((res[0]!.evidence!.data as { found: string }).found, 'binary-strings');
});

test('zip bombs are reported, not expanded: high ratio, overlapping entries, a lying size; depth is bounded', async () => {
  const zeros = Buffer.alloc(64 * 1024 * 1024);
  const ratio = buildZip([{ name: 'zeros.bin', data: zeros, deflate: true }]);
  const overlap = buildZip(
    [
      { name: 'a.txt', data: 'same data', deflate: false },
      { name: 'b.txt', data: 'same data', deflate: false },
    ],
    { shareData: true },
  );
  const liar = buildZip([{ name: 'x.txt', data: `${'A'.repeat(5000)}${t.stripe}`, deflate: true, declaredSize: 100 }]);
  let nested = buildZip([{ name: 'deep.txt', data: `k=${t.stripe}` }]);
  for (let i = 0; i < 6; i++) nested = buildZip([{ name: `level${i}.zip`, data: nested }]);
  const root = tree({ 'ratio.zip': ratio, 'overlap.zip': overlap, 'liar.zip': liar, 'nested.zip': nested });
  const mem0 = process.memoryUsage().rss;
  const run = await runSecrets({ paths: [root], cwd: root, workers: 0 });
  const bombs = run.notifications.filter((n) => n.code === 'archive-bomb').map((n) => n.subject).sort();
  assert.deepEqual(bombs, ['liar.zip', 'overlap.zip', 'ratio.zip']);
  assert.ok(run.notifications.some((n) => n.code === 'archive-too-deep'));
  assert.deepEqual(byRule(run.findings, 'stripe-secret-key'), []);
  assert.ok(process.memoryUsage().rss - mem0 < 200 * 1024 * 1024);
  assert.ok(deflateRawSync);
});

test('a minified bundle with a source map: the finding points at the original file and line', async () => {
  const bundle = `!function(){var a="${t.stripe}";console.log(a)}();`;
  const col = bundle.indexOf('sk_live_');
  // one segment for the start of the line, one for the key: original src/payments.ts line 12, column 15
  const mappings = `${encodeVlq([0, 0, 0, 0])},${encodeVlq([col, 0, 11, 15])}`;
  const map = JSON.stringify({ version: 3, sources: ['webpack://app/./src/payments.ts'], mappings, names: [] });
  const root = tree({
    'public/bundle.js': `${bundle}\n//# sourceMappingURL=bundle.js.map\n`,
    'public/bundle.js.map': map,
    'public/inline.js': `${bundle}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify({ version: 3, sources: ['../src/inline.ts'], mappings: `${encodeVlq([col, 0, 4, 2])}` })).toString('base64')}\n`,
    'public/nomap.js': `${bundle}\n`,
  });
  const run = await runSecrets({ paths: [root], cwd: root, workers: 0 });
  const found = byRule(run.findings, 'stripe-secret-key').map((f) => [loc(f).file, loc(f).startLine, (f.evidence!.data as { bundle?: { file: string } }).bundle?.file ?? null]);
  assert.deepEqual(found.sort(), [
    ['app/src/payments.ts', 12, 'public/bundle.js'],
    ['public/nomap.js', 1, null],
    ['src/inline.ts', 5, 'public/inline.js'],
  ]);
  const mapped = byRule(run.findings, 'stripe-secret-key').find((f) => loc(f).file === 'app/src/payments.ts')!;
  assert.match(mapped.message, /shipped in the bundle at public\/bundle\.js:1:/);
});

test('worker threads give the same findings as the inline scan', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`pkg${i % 4}/f${i}.js`] = `// ${i}\n${'let x = 1;\n'.repeat(i)}const k = '${i % 5 === 0 ? t.stripe : 'nothing'}';\n`;
  const root = tree(files);
  const inline = await runSecrets({ paths: [root], cwd: root, workers: 0 });
  const pooled = await runSecrets({ paths: [root], cwd: root, workers: 2 });
  assert.equal(pooled.stats.threads, 2);
  const key = (r: typeof inline) => r.findings.map((f) => `${loc(f).file}:${loc(f).startLine}:${f.fingerprint}`).sort();
  assert.deepEqual(key(pooled), key(inline));
  assert.equal(inline.findings.length, 8);
});

test('rules from the config are validated and used; invalid ones are reported together', async () => {
  const root = tree({ 'a.cfg': 'acme_key = ACME-9f3a61c07be24d58e1a6\n' });
  const run = await runSecrets({
    paths: [root],
    cwd: root,
    workers: 0,
    rules: [{ id: 'acme-key', description: 'ACME internal key', keywords: ['acme-'], regex: '\\b(ACME-[0-9a-f]{20})\\b' }],
  });
  assert.equal(byRule(run.findings, 'acme-key').length, 1);
  assert.equal(run.findings[0]!.title, 'ACME internal key');
  await assert.rejects(
    runSecrets({ paths: [root], cwd: root, workers: 0, rules: [{ id: 'Bad Id', description: 'x', keywords: [], regex: '(' } as never] }),
    (e: unknown) => e instanceof ToolError && e.code === 'E_RULES_INVALID' && e.details.length >= 2,
  );
});
