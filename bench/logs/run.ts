// The logs benchmark: generate a 5-million-line log with attacks of every kind injected, analyse it in
// a fresh process (as the CLI runs: no heap limit, a parse worker for large files), and print the
// table for bench/logs/README.md. The analysis is bundled with esbuild first (with its parse
// worker beside it), so no TypeScript loader is timed; /usr/bin/time gives wall, CPU and peak RSS of
// the whole process, worker thread included.
// usage: npx tsx bench/logs/run.ts [benignLines=5000000] [formats=combined,json] [parallel=auto|off]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLog } from './generate.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const [n = '5000000', formats = 'combined,json', parallel = 'auto'] = process.argv.slice(2);
const dir = join(root, 'bench', '.work', 'logs', n);
const work = join(root, 'bench', '.work', 'logs');
for (const [entry, out] of [
  ['bench/logs/analyse.ts', 'analyse.mjs'],
  ['src/engines/logs/parse-worker.ts', 'parse-worker.mjs'],
]) {
  execFileSync(join(root, 'node_modules', '.bin', 'esbuild'), [join(root, entry!), '--bundle', '--platform=node', '--format=esm', '--target=node20', '--packages=external', `--outfile=${join(work, out!)}`, '--log-level=warning'], { stdio: 'inherit' });
}
for (const format of formats.split(',')) {
  if (!existsSync(join(dir, `access.${format}.log`))) {
    const t = performance.now();
    const g = await writeLog(dir, Number(n), format as 'combined' | 'json', 2026);
    console.error(`generated ${g.lines} ${format} lines in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  const load = loadavg();
  const p = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %U %S %M', process.execPath, join(work, 'analyse.mjs'), dir, format, parallel], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const m = /__TIME__ ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(p.stderr ?? '');
  if (p.status !== 0 || !m) throw new Error(`analysis failed (exit ${p.status}): ${(p.stderr ?? '').slice(-2000)}`);
  const r = JSON.parse(p.stdout.trim().split('\n').pop()!);
  const wall = Number(m[1]);
  const cpu = Number(m[2]) + Number(m[3]);
  console.log(`\n## ${format}: ${r.lines.toLocaleString('en')} lines\n`);
  console.log('| measure | value |\n|---|---|');
  console.log(`| wall time (process) | ${wall} s |`);
  console.log(`| lines per second (wall, process) | ${Math.round(r.lines / wall).toLocaleString('en')} |`);
  console.log(`| lines per second (wall, analysis only) | ${r.linesPerSecond.toLocaleString('en')} |`);
  console.log(`| CPU time (user + system, all threads) | ${cpu.toFixed(1)} s |`);
  console.log(`| lines per CPU second | ${Math.round(r.lines / cpu).toLocaleString('en')} |`);
  console.log(`| peak RSS (whole process, /usr/bin/time) | ${Math.round(Number(m[4]) / 1024)} MB |`);
  console.log(`| parse worker | ${r.parseWorkers ? 'yes' : 'no'} |`);
  console.log(`| findings | ${r.findings} |`);
  console.log(`| false alerts per million benign lines | ${r.falseAlertsPerMillionBenign} |`);
  console.log('\n| attack kind | injected | found | recall |\n|---|---|---|---|');
  for (const [k, v] of Object.entries(r.perKind as Record<string, { injected: number; found: number }>)) console.log(`| ${k} | ${v.injected} | ${v.found} | ${(v.found / v.injected).toFixed(2)} |`);
  if (r.missed.length) console.log(`\nmissed: ${r.missed.join(', ')}`);
  if (r.falseAlerts.length) console.log(`\nfalse alerts:\n${r.falseAlerts.map((f: string) => `- ${f}`).join('\n')}`);
  console.log(`\nload average before / after the run: ${load.map((x) => x.toFixed(1)).join(' ')} / ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}
