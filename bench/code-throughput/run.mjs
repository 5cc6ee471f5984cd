#!/usr/bin/env node
// Code analysis throughput benchmark (not part of `npm test`).
//   node bench/code-throughput/run.mjs [--lines 320000] [--skip-eslint] [--skip-bandit] [--parallel auto|on|off]
// Generates a corpus of Express (JS) and Flask (Python) services, bundles the code engine with
// esbuild, installs ESLint + eslint-plugin-security into bench/.work at bench time, then times on
// the same files: rampart code (whole corpus, cross-file taint on; and each half), Bandit on the
// Python half and ESLint with eslint-plugin-security on the JavaScript half. Wall time, CPU time
// and peak RSS come from /usr/bin/time.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const work = join(root, 'bench', '.work', 'code');
const corpus = join(work, 'corpus');
const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const lines = Number(opt('--lines', '320000'));
const parallel = opt('--parallel', 'auto');

function timed(label, cmd, argv, options = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %U %S %M', cmd, ...argv], { cwd: root, maxBuffer: 1 << 30, encoding: 'utf8', ...options });
  const m = /__TIME__ ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (!m) throw new Error(`${label}: no timing (exit ${r.status}): ${(r.stderr ?? '').slice(-2000)}`);
  const res = { label, wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMb: Number(m[4]) / 1024, stdout: r.stdout, status: r.status };
  console.error(`${label}: ${res.wall}s wall, ${res.cpu.toFixed(1)}s CPU, ${res.rssMb.toFixed(0)} MB peak`);
  return res;
}

function countLines(dir, ext) {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) n += countLines(p, ext);
    else if (name.endsWith(ext)) n += readFileSync(p, 'utf8').split('\n').length;
  }
  return n;
}

mkdirSync(work, { recursive: true });
if (!existsSync(join(corpus, 'py'))) execFileSync(process.execPath, [join(here, 'generate.mjs'), corpus, '--lines', String(lines)], { stdio: 'inherit' });
const jsLines = countLines(join(corpus, 'js'), '.js');
const pyLines = countLines(join(corpus, 'py'), '.py');
console.error(`corpus: ${jsLines} JS lines, ${pyLines} Python lines`);

// the engine as plain JavaScript, as in the published package
const bundle = join(work, 'rampart-code.mjs');
execFileSync(join(root, 'node_modules', '.bin', 'esbuild'), [join(here, 'rampart-code.ts'), '--bundle', '--platform=node', '--format=esm', '--target=node20', `--outfile=${bundle}`, '--external:web-tree-sitter', '--external:@vscode/tree-sitter-wasm', '--banner:js=import { createRequire as __cr } from "module"; const require = __cr(import.meta.url);', '--log-level=warning'], { stdio: 'inherit' });
// the parse worker, next to the bundle (the engine looks for parse-worker.mjs beside itself)
execFileSync(join(root, 'node_modules', '.bin', 'esbuild'), [join(root, 'src', 'engines', 'code', 'parse-worker.ts'), '--bundle', '--platform=node', '--format=esm', '--target=node20', `--outfile=${join(work, 'parse-worker.mjs')}`, '--external:web-tree-sitter', '--external:@vscode/tree-sitter-wasm', '--banner:js=import { createRequire as __cr } from "module"; const require = __cr(import.meta.url);', '--log-level=warning'], { stdio: 'inherit' });

const rows = [];
const rampart = (label, dir, n) => {
  const t = timed(label, process.execPath, [bundle, dir, parallel]);
  const stats = JSON.parse(t.stdout.trim().split('\n').pop());
  rows.push({ tool: label, lines: n, wall: t.wall, cpu: t.cpu, rssMb: t.rssMb, linesPerSec: n / t.wall, note: `${stats.routes} routes, ${stats.findings} findings` });
  return stats;
};
const all = rampart('rampart code (JS + Python, cross-file taint)', corpus, jsLines + pyLines);
console.error(JSON.stringify(all.byCheck));
rampart('rampart code (JS half)', join(corpus, 'js'), jsLines);
rampart('rampart code (Python half)', join(corpus, 'py'), pyLines);

if (!args.includes('--skip-bandit')) {
  const t = timed('bandit', 'bandit', ['-r', join(corpus, 'py'), '-q', '-f', 'json', '-o', join(work, 'bandit.json')]);
  const issues = JSON.parse(readFileSync(join(work, 'bandit.json'), 'utf8')).results.length;
  rows.push({ tool: 'Bandit 1.6 (Python half)', lines: pyLines, wall: t.wall, cpu: t.cpu, rssMb: t.rssMb, linesPerSec: pyLines / t.wall, note: `${issues} issues` });
}

if (!args.includes('--skip-eslint')) {
  const eslintDir = join(work, 'eslint');
  mkdirSync(eslintDir, { recursive: true });
  if (!existsSync(join(eslintDir, 'node_modules', 'eslint-plugin-security'))) {
    writeFileSync(join(eslintDir, 'package.json'), JSON.stringify({ name: 'bench-eslint', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', 'eslint@9.39.5', 'eslint-plugin-security@3.0.1'], { cwd: eslintDir, stdio: 'inherit' });
  }
  // the config sits above the corpus (ESLint only lints files under its config's directory)
  const plugin = pathToFileURL(join(eslintDir, 'node_modules', 'eslint-plugin-security', 'index.js')).href;
  writeFileSync(join(work, 'eslint.config.mjs'), `import security from '${plugin}';\nexport default [{ files: ['corpus/js/**/*.js'], ...security.configs.recommended, languageOptions: { ecmaVersion: 2023, sourceType: 'commonjs' } }];\n`);
  const t = timed('eslint + eslint-plugin-security', process.execPath, [join(eslintDir, 'node_modules', 'eslint', 'bin', 'eslint.js'), '-c', join(work, 'eslint.config.mjs'), '--no-warn-ignored', '-f', 'json', '-o', join(work, 'eslint.json'), 'corpus/js'], { cwd: work });
  const problems = JSON.parse(readFileSync(join(work, 'eslint.json'), 'utf8')).reduce((n, f) => n + f.messages.length, 0);
  rows.push({ tool: 'ESLint 9 + eslint-plugin-security 3 (JS half)', lines: jsLines, wall: t.wall, cpu: t.cpu, rssMb: t.rssMb, linesPerSec: jsLines / t.wall, note: `${problems} problems` });
}

const table = [
  '| tool | lines | wall s | CPU s | peak RSS MB | lines/s (wall) | lines per CPU-second | notes |',
  '|---|---:|---:|---:|---:|---:|---:|---|',
  ...rows.map((r) => `| ${r.tool} | ${r.lines} | ${r.wall.toFixed(2)} | ${r.cpu.toFixed(1)} | ${r.rssMb.toFixed(0)} | ${Math.round(r.linesPerSec)} | ${Math.round(r.lines / r.cpu)} | ${r.note} |`),
].join('\n');
console.log(table);
const others = rows.filter((r) => !r.tool.startsWith('rampart'));
let summary = '';
if (others.length) {
  const bestWall = Math.max(...others.map((r) => r.linesPerSec));
  const bestCpu = Math.max(...others.map((r) => r.lines / r.cpu));
  const first = rows[0];
  summary = `\nrampart (whole corpus, cross-file taint) vs the faster other tool: ${(first.linesPerSec / bestWall).toFixed(1)}x by wall time, ${(first.lines / first.cpu / bestCpu).toFixed(1)}x by CPU time; peak RSS ${first.rssMb.toFixed(0)} MB; load average at the end ${(await import('node:os')).loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} CPUs`;
  console.log(summary);
}
writeFileSync(join(work, 'results.md'), `${table}\n${summary}\n`);
