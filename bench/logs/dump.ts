// Write everything a run reports but its timings (findings with their sampled lines, notes, stats,
// timeline) as JSON, to compare the output of two versions byte for byte.
// usage: tsx bench/logs/dump.ts DIR OUT.json [format=combined] [parallel=auto|on|off]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import checks from '../../src/engines/logs/checks/index.js';
import { readRevokedList } from '../../src/engines/logs/load.js';
import { runLogs } from '../../src/engines/logs/run.js';

const [dir = 'bench/.work/logs/1000000', out = 'findings.json', format = 'combined', parallel = 'auto'] = process.argv.slice(2);
const r = await runLogs({
  sources: [{ kind: 'file', path: join(dir, `access.${format}.log`), name: `access.${format}.log` }],
  analyzer: { checks, hashKey: Buffer.from('bench-key'), revoked: readRevokedList(join(dir, `revoked.${format}.txt`)) },
  now: () => new Date(0),
  parallel: parallel as 'auto' | 'on' | 'off',
});
const { elapsedMs: _e, linesPerSecond: _l, parseWorkers: _p, ...stats } = r.stats;
writeFileSync(out, `${JSON.stringify({ findings: r.findings, notifications: r.notifications, stats, extras: r.extras }, null, 1)}\n`);
console.error(`${out}: ${r.findings.length} findings`);
