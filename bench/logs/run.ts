// The logs benchmark: generate a 5-million-line log with attacks of every kind injected, analyse it in
// a fresh process with a 256 MB heap limit (so peak memory is the analysis alone and bounded), and print
// the table for bench/logs/README.md.
// usage: npx tsx bench/logs/run.ts [benignLines=5000000] [formats=combined,json]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLog } from './generate.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const [n = '5000000', formats = 'combined,json'] = process.argv.slice(2);
const dir = join(root, 'bench', '.work', 'logs', n);
for (const format of formats.split(',')) {
  if (!existsSync(join(dir, `access.${format}.log`))) {
    const t = performance.now();
    const g = await writeLog(dir, Number(n), format as 'combined' | 'json', 2026);
    console.error(`generated ${g.lines} ${format} lines in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  const out = execFileSync(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', join(root, 'bench', 'logs', 'analyse.ts'), dir, format], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const r = JSON.parse(out.trim().split('\n').pop()!);
  console.log(`\n## ${format}: ${r.lines.toLocaleString('en')} lines\n`);
  console.log('| measure | value |\n|---|---|');
  console.log(`| wall time | ${r.seconds} s |`);
  console.log(`| lines per second (wall) | ${r.linesPerSecond.toLocaleString('en')} |`);
  console.log(`| lines per CPU second | ${r.linesPerCpuSecond.toLocaleString('en')} |`);
  console.log(`| peak RSS | ${r.peakRssMB} MB |`);
  console.log(`| findings | ${r.findings} |`);
  console.log(`| false alerts per million benign lines | ${r.falseAlertsPerMillionBenign} |`);
  console.log('\n| attack kind | injected | found | recall |\n|---|---|---|---|');
  for (const [k, v] of Object.entries(r.perKind as Record<string, { injected: number; found: number }>)) console.log(`| ${k} | ${v.injected} | ${v.found} | ${(v.found / v.injected).toFixed(2)} |`);
  if (r.missed.length) console.log(`\nmissed: ${r.missed.join(', ')}`);
  if (r.falseAlerts.length) console.log(`\nfalse alerts:\n${r.falseAlerts.map((f: string) => `- ${f}`).join('\n')}`);
  console.log(`\nload average during the run: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}
