#!/usr/bin/env node
// Code analysis throughput benchmark (not part of `npm test`).
//   node bench/code-throughput/run.mjs [--lines 320000] [--runs 3] [--skip-eslint] [--skip-bandit] [--parallel auto|on|off]
// Generates a corpus of Express (JS) and Flask (Python) services, bundles the code engine with
// esbuild, installs ESLint + eslint-plugin-security into bench/.work at bench time, then times on
// the same files: rampart code (whole corpus, cross-file taint on; and each half), Bandit on the
// Python half and ESLint with eslint-plugin-security on the JavaScript half. Wall time, CPU time
// and peak RSS come from /usr/bin/time. With --runs N every tool runs N times, in rounds (each round
// runs every tool once, so a slow spell of the machine hits all of them), and each figure is the
// median of its N values; the ratios per round show the spread.
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
const runs = Math.max(1, Number(opt('--runs', '1')));

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

const median = (xs) => { const v = [...xs].sort((x, y) => x - y); return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2; };
const samples = new Map();
const record = (tool, lines, t, note) => {
  const s = samples.get(tool) ?? { tool, lines, walls: [], cpus: [], rss: [], note };
  s.walls.push(t.wall); s.cpus.push(t.cpu); s.rss.push(t.rssMb); s.note = note;
  samples.set(tool, s);
};
const rampart = (label, dir, n) => {
  const t = timed(label, process.execPath, [bundle, dir, parallel]);
  const stats = JSON.parse(t.stdout.trim().split('\n').pop());
  record(label, n, t, `${stats.routes} routes, ${stats.findings} findings`);
  return stats;
};
const eslintDir = join(work, 'eslint');
if (!args.includes('--skip-eslint')) {
  mkdirSync(eslintDir, { recursive: true });
  if (!existsSync(join(eslintDir, 'node_modules', 'eslint-plugin-security'))) {
    writeFileSync(join(eslintDir, 'package.json'), JSON.stringify({ name: 'bench-eslint', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', 'eslint@9.39.5', 'eslint-plugin-security@3.0.1'], { cwd: eslintDir, stdio: 'inherit' });
  }
  // the config sits above the corpus (ESLint only lints files under its config's directory)
  const plugin = pathToFileURL(join(eslintDir, 'node_modules', 'eslint-plugin-security', 'index.js')).href;
  writeFileSync(join(work, 'eslint.config.mjs'), `import security from '${plugin}';\nexport default [{ files: ['corpus/js/**/*.js'], ...security.configs.recommended, languageOptions: { ecmaVersion: 2023, sourceType: 'commonjs' } }];\n`);
}
const perRound = [];
for (let round = 1; round <= runs; round++) {
  if (runs > 1) console.error(`round ${round} of ${runs}`);
  const all = rampart('rampart code (JS + Python, cross-file taint)', corpus, jsLines + pyLines);
  if (round === 1) console.error(JSON.stringify(all.byCheck));
  const js = timedLast('rampart code (JS half)', () => rampart('rampart code (JS half)', join(corpus, 'js'), jsLines));
  const py = timedLast('rampart code (Python half)', () => rampart('rampart code (Python half)', join(corpus, 'py'), pyLines));
  const r = { all: samples.get('rampart code (JS + Python, cross-file taint)').walls.at(-1), js, py };
  if (!args.includes('--skip-bandit')) {
    const t = timed('bandit', 'bandit', ['-r', join(corpus, 'py'), '-q', '-f', 'json', '-o', join(work, 'bandit.json')]);
    const issues = JSON.parse(readFileSync(join(work, 'bandit.json'), 'utf8')).results.length;
    record('Bandit 1.6 (Python half)', pyLines, t, `${issues} issues`);
    r.bandit = t.wall;
  }
  if (!args.includes('--skip-eslint')) {
    const t = timed('eslint + eslint-plugin-security', process.execPath, [join(eslintDir, 'node_modules', 'eslint', 'bin', 'eslint.js'), '-c', join(work, 'eslint.config.mjs'), '--no-warn-ignored', '-f', 'json', '-o', join(work, 'eslint.json'), 'corpus/js'], { cwd: work });
    const problems = JSON.parse(readFileSync(join(work, 'eslint.json'), 'utf8')).reduce((n, f) => n + f.messages.length, 0);
    record('ESLint 9 + eslint-plugin-security 3 (JS half)', jsLines, t, `${problems} problems`);
    r.eslint = t.wall;
  }
  perRound.push(r);
}
function timedLast(label, f) { f(); return samples.get(label).walls.at(-1); }
const rows = [...samples.values()].map((s) => ({ tool: s.tool, lines: s.lines, wall: median(s.walls), cpu: median(s.cpus), rssMb: Math.max(...s.rss), linesPerSec: s.lines / median(s.walls), note: s.note }));

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
  const os = await import('node:os');
  const of = (tool) => rows.find((r) => r.tool === tool);
  const lines = [`\n${runs > 1 ? `medians of ${runs} runs; ` : ''}rampart (whole corpus, cross-file taint) vs the faster other tool: ${(first.linesPerSec / bestWall).toFixed(2)}x by wall time, ${(first.lines / first.cpu / bestCpu).toFixed(2)}x by CPU time; peak RSS ${first.rssMb.toFixed(0)} MB`];
  const eslint = of('ESLint 9 + eslint-plugin-security 3 (JS half)');
  if (eslint) lines.push(`on the same files: rampart JS half vs ESLint ${(of('rampart code (JS half)').linesPerSec / eslint.linesPerSec).toFixed(2)}x${runs > 1 ? ` (per round: ${perRound.map((r) => (r.eslint / r.js).toFixed(2)).join(', ')})` : ''}`);
  const bandit = of('Bandit 1.6 (Python half)');
  if (bandit) lines.push(`on the same files: rampart Python half vs Bandit ${(of('rampart code (Python half)').linesPerSec / bandit.linesPerSec).toFixed(2)}x${runs > 1 ? ` (per round: ${perRound.map((r) => (r.bandit / r.py).toFixed(2)).join(', ')})` : ''}`);
  lines.push(`load average at the end ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`);
  summary = lines.join('\n');
  console.log(summary);
}
writeFileSync(join(work, 'results.md'), `${table}\n${summary}\n`);
