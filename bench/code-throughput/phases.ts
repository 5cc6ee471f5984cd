// Times the phases of the code engine on a directory (parse+lower, then routes/taint/rules), for
// profiling: node bench/.work/code/phases.mjs DIR [auto|on|off]
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import checks from '../../src/engines/code/checks/index.js';
import { analyseModules } from '../../src/engines/code/engine.js';
import type { Module } from '../../src/engines/code/ir.js';
import { loadSources } from '../../src/engines/code/load.js';
import { prepareAll } from '../../src/engines/code/parallel.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: phases DIR [auto|on|off]');
const parallel = (process.argv[3] ?? 'auto') as 'auto' | 'on' | 'off';
const t0 = performance.now();
const { files } = loadSources([resolve(dir)], process.cwd(), 1_000_000);
const t1 = performance.now();
const { prepared, workerFiles } = await prepareAll(files, { maxBytes: 1_000_000, parallel });
const t2 = performance.now();
const modules = prepared.flatMap((p) => (p.module ? [p.module] : [])) as Module[];
const res = analyseModules(modules, { checks });
const t3 = performance.now();
const cpu = process.cpuUsage();
// CPU time (ms) of the main thread, the critical path (it parses its share, then runs the analysis
// alone), and of the other threads still alive (GC helpers; a finished worker is gone), from
// /proc on Linux (clock ticks of 10 ms). Steadier than wall time on a shared machine.
const threadCpu = (): { main: number; others: number } | undefined => {
  try {
    let main = 0;
    let others = 0;
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(f[11]) + Number(f[12])) * 10;
      if (Number(tid) === process.pid) main += ms;
      else others += ms;
    }
    return { main, others };
  } catch {
    return undefined;
  }
};
process.stdout.write(`${JSON.stringify({ load: Math.round(t1 - t0), prepare: Math.round(t2 - t1), analyse: Math.round(t3 - t2), cpuUser: Math.round(cpu.user / 1000), threadCpuMs: threadCpu(), findings: res.findings.length, workerFiles })}\n`);
