#!/usr/bin/env node
// Secrets throughput benchmark (not part of `npm test`).
//   node bench/secrets-throughput/run.mjs [--mb 220] [--secretlint-sample-mb N] [--skip-secretlint]
// Generates the corpus if missing (generate.ts), bundles rampart with esbuild so the workers run
// plain JavaScript as in the published package, installs secretlint into bench/.work at bench time,
// then times rampart, secretlint (recommended preset) and ripgrep (same 22 regexes) on the same tree,
// and rampart --git beside `git log -p` on the generated repository. Wall time, CPU time and peak
// RSS come from /usr/bin/time.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const work = join(root, 'bench', '.work', 'secrets');
const args0 = process.argv.slice(2);
// `--corpus node_modules`: the project's own node_modules copied twice (real-world code) instead
// of the generated tree.
const nodeModulesCorpus = args0.includes('--corpus') && args0[args0.indexOf('--corpus') + 1] === 'node_modules';
const tree = nodeModulesCorpus ? join(work, 'nm-tree') : join(work, 'tree');
const repo = join(work, 'repo');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const mb = Number(opt('--mb', '220'));
const secretlintSample = Number(opt('--secretlint-sample-mb', '0'));
const skipSecretlint = args.includes('--skip-secretlint');

function sh(cmd, argv, options = {}) {
  return execFileSync(cmd, argv, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 30, ...options });
}

/** Run under /usr/bin/time; returns wall, user+sys CPU seconds and peak RSS in MB. */
function timed(label, cmd, argv, options = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %U %S %M', cmd, ...argv], { cwd: root, maxBuffer: 1 << 30, encoding: 'utf8', ...options });
  const m = /__TIME__ ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (!m) throw new Error(`${label}: no timing (exit ${r.status}): ${(r.stderr ?? '').slice(-2000)}`);
  const res = { label, wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMb: Number(m[4]) / 1024, stdout: r.stdout, status: r.status };
  console.error(`${label}: ${res.wall}s wall, ${res.cpu.toFixed(1)}s CPU, ${res.rssMb.toFixed(0)} MB peak`);
  return res;
}

function treeBytes(dir) {
  if (statSync(dir).isFile()) return statSync(dir).size;
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n += treeBytes(p);
    else if (e.isFile()) n += statSync(p).size;
  }
  return n;
}

// 1. corpus
if (!existsSync(join(work, 'planted.json'))) {
  sh(process.execPath, ['--import', 'tsx', join(here, 'generate.ts'), String(mb)], { stdio: 'inherit' });
}
if (nodeModulesCorpus && !existsSync(tree)) {
  mkdirSync(tree, { recursive: true });
  for (const copy of ['copy1', 'copy2']) sh('cp', ['-r', join(root, 'node_modules'), join(tree, copy)]);
}
const bytes = treeBytes(tree);
const MB = bytes / 1e6;
console.error(`tree: ${MB.toFixed(1)} MB`);

// 2. bundle rampart (plain JS workers, as in the build)
const dist = join(work, 'dist');
const { build } = await import('esbuild');
await build({
  entryPoints: { rampart: join(here, 'rampart-cli.ts'), worker: join(root, 'src/engines/secrets/worker.ts') },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outdir: dist,
  logLevel: 'error',
});
const rampart = join(dist, 'rampart.js');

// 3. secretlint, installed into bench/.work at bench time (not a project dependency)
const slDir = join(root, 'bench', '.work', 'secretlint');
if (!skipSecretlint && !existsSync(join(slDir, 'node_modules', '.bin', 'secretlint'))) {
  mkdirSync(slDir, { recursive: true });
  writeFileSync(join(slDir, 'package.json'), JSON.stringify({ name: 'secretlint-bench', private: true }));
  sh('npm', ['install', '--no-audit', '--no-fund', '--prefix', slDir, 'secretlint@11.7.1', '@secretlint/secretlint-rule-preset-recommend@11.7.1'], { stdio: 'inherit' });
}
writeFileSync(join(work, '.secretlintrc.json'), JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));

const results = [];
const runs = Number(opt('--runs', '2'));
const best = (fn) => {
  let b;
  for (let i = 0; i < runs; i++) {
    const r = fn();
    if (!b || r.wall < b.wall) b = r;
  }
  return b;
};

// 4. rampart on the tree
const ram = best(() => timed('rampart', process.execPath, [rampart, 'secrets', tree, '--quiet', '--format', 'json', '--fail-on', 'none']));
const report = JSON.parse(ram.stdout);
const found = report.runs[0].findings;
const planted = nodeModulesCorpus ? [] : JSON.parse(readFileSync(join(work, 'planted.json'), 'utf8')).filter((p) => !p.file.startsWith('repo:'));
const foundAt = new Set(found.map((f) => f.location.file));
const recall = planted.filter((p) => foundAt.has(p.file)).length;
results.push({ tool: 'rampart secrets (304 rules, all checks)', ...ram, mb: MB });

// 5. ripgrep with the same 22 regexes
const rg = best(() => timed('ripgrep', 'rg', ['-c', '--no-messages', '--hidden', '-f', join(here, 'rg-patterns.txt'), tree]));
results.push({ tool: 'ripgrep 13, 22 secret regexes', ...rg, mb: MB });

// 6. secretlint, recommended preset (full tree, or a sample of it when asked)
if (!skipSecretlint) {
  let files = ['**/*'];
  let slMb = MB;
  if (secretlintSample > 0) {
    const pkgs = nodeModulesCorpus ? readdirSync(join(tree, 'copy1')).sort().map((p) => `copy1/${p}`) : readdirSync(tree).sort();
    files = [];
    let n = 0;
    for (const p of pkgs) {
      if (n >= secretlintSample * 1e6) break;
      n += treeBytes(join(tree, p));
      files.push(`${p}/**/*`);
    }
    slMb = n / 1e6;
  }
  const sl = timed('secretlint', process.execPath, [join(slDir, 'node_modules', 'secretlint', 'bin', 'secretlint.js'), ...files, '--secretlintrc', join(work, '.secretlintrc.json'), '--format', 'json', '--maskSecrets'], { cwd: tree });
  results.push({ tool: `secretlint 11.7.1, recommended preset${secretlintSample > 0 ? ` (first ${slMb.toFixed(0)} MB)` : ''}`, ...sl, mb: slMb });
}

// 7. history: git log -p alone vs rampart --git
const logBytes = Number(sh('sh', ['-c', `git -C '${repo}' log --all --reverse -p -U0 --no-color --no-ext-diff --no-renames | wc -c`]).toString().trim());
const histMb = logBytes / 1e6;
const gitOnly = best(() => timed('git log -p', 'sh', ['-c', `git -C '${repo}' log --all --reverse -p -U0 --no-color --no-ext-diff --no-renames > /dev/null`]));
const ramGit = best(() => timed('rampart --git', process.execPath, [rampart, 'secrets', '--git', repo, '--quiet', '--format', 'json', '--fail-on', 'none']));
const plantedRepo = JSON.parse(readFileSync(join(work, 'planted.json'), 'utf8')).filter((p) => p.file.startsWith('repo:')).length;
const gitFound = JSON.parse(ramGit.stdout).runs[0].findings.length;

const row = (r) => `| ${r.tool} | ${r.mb.toFixed(0)} | ${r.wall.toFixed(2)} | ${(r.mb / r.wall).toFixed(1)} | ${r.cpu.toFixed(1)} | ${(r.mb / r.cpu).toFixed(1)} | ${r.rssMb.toFixed(0)} |`;
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const sl = results.find((r) => r.tool.startsWith('secretlint'));
const lines = [
  `Machine: ${execFileSync('nproc').toString().trim()} cores, Node ${process.version}, load average at the end ${load}.`,
  '',
  '| tool | MB | wall s | MB/s (wall) | CPU s | MB per CPU-s | peak RSS MB |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...results.map(row),
  `| git log -p (history floor) | ${histMb.toFixed(0)} | ${gitOnly.wall.toFixed(2)} | ${(histMb / gitOnly.wall).toFixed(1)} | ${gitOnly.cpu.toFixed(1)} | ${(histMb / gitOnly.cpu).toFixed(1)} | ${gitOnly.rssMb.toFixed(0)} |`,
  `| rampart secrets --git | ${histMb.toFixed(0)} | ${ramGit.wall.toFixed(2)} | ${(histMb / ramGit.wall).toFixed(1)} | ${ramGit.cpu.toFixed(1)} | ${(histMb / ramGit.cpu).toFixed(1)} | ${ramGit.rssMb.toFixed(0)} |`,
  '',
  `- rampart vs secretlint (MB/s, wall): ${sl ? ((MB / ram.wall) / (sl.mb / sl.wall)).toFixed(1) + 'x' : 'not run'}; by CPU time: ${sl ? ((MB / ram.cpu) / (sl.mb / sl.cpu)).toFixed(1) + 'x' : 'not run'}`,
  `- rampart time / ripgrep time (wall): ${(ram.wall / rg.wall).toFixed(1)}x; CPU: ${(ram.cpu / rg.cpu).toFixed(1)}x`,
  `- rampart --git time / git log -p time: ${(ramGit.wall / gitOnly.wall).toFixed(1)}x`,
  `- planted synthetic secrets found in the tree: ${recall}/${planted.length}; findings in total: ${found.length}; history: ${gitFound} findings for ${plantedRepo} planted`,
];
const resultsFile = join(work, nodeModulesCorpus ? 'results-node_modules.md' : 'results.md');
writeFileSync(resultsFile, lines.join('\n') + '\n');
console.log(lines.join('\n'));
console.error(`(written to ${relative(root, resultsFile)})`);
