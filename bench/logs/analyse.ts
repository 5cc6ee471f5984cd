// Analyse a generated log and score it against its labels.
// usage: tsx bench/logs/analyse.ts DIR [format=combined|json] [parallel=auto|on|off]   (prints one JSON line of results)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import checks from '../../src/engines/logs/checks/index.js';
import { evaluate } from '../../src/engines/logs/generator/evaluate.js';
import type { AttackLabel } from '../../src/engines/logs/generator/index.js';
import { CredentialHasher, credentialValue } from '../../src/engines/logs/identity.js';
import { readRevokedList } from '../../src/engines/logs/load.js';
import { runLogs } from '../../src/engines/logs/run.js';

export async function analyse(dir: string, format: string, parallel: 'auto' | 'on' | 'off' = 'auto') {
  const key = Buffer.from('bench-key');
  const file = join(dir, `access.${format}.log`);
  let peak = 0;
  const sample = () => {
    const rss = process.memoryUsage().rss;
    if (rss > peak) peak = rss;
    return rss;
  };
  const timer = setInterval(sample, 100);
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const run = await runLogs({
    sources: [{ kind: 'file', path: file, name: `access.${format}.log` }],
    analyzer: { checks, hashKey: key, revoked: readRevokedList(join(dir, `revoked.${format}.txt`)) },
    now: () => new Date(),
    memory: sample,
    parallel,
  });
  const seconds = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(timer);
  const labels = JSON.parse(readFileSync(join(dir, `labels.${format}.json`), 'utf8')) as AttackLabel[];
  const h = new CredentialHasher(key);
  const ev = evaluate(run.findings, labels, (c) => h.idOf(credentialValue(c)));
  const lines = Number(run.stats.lines);
  const attackLines = labels.reduce((n, l) => n + l.lines, 0);
  return {
    format,
    lines,
    seconds: Math.round(seconds * 10) / 10,
    linesPerSecond: Math.round(lines / seconds),
    cpuSeconds: Math.round(cpuSeconds * 10) / 10,
    linesPerCpuSecond: Math.round(lines / cpuSeconds),
    peakRssMB: Math.round(peak / 1048576),
    parseWorkers: Number(run.stats.parseWorkers ?? 0),
    findings: run.findings.length,
    perKind: ev.perKind,
    missed: ev.missed.map((m) => m.id),
    falseAlerts: ev.falseAlerts.map((f) => `${f.checkId}: ${f.message}`),
    falseAlertsPerMillionBenign: Math.round((ev.falseAlerts.length / ((lines - attackLines) / 1e6)) * 100) / 100,
  };
}

if (process.argv[1] && /analyse\.(ts|mjs)$/.test(process.argv[1])) {
  const [dir = 'bench/.work/logs', format = 'combined', parallel = 'auto'] = process.argv.slice(2);
  console.log(JSON.stringify(await analyse(dir, format, parallel as 'auto' | 'on' | 'off')));
}
