// Findings with the parse worker on and off must be identical: run both on one generated log and
// compare everything but timings. usage: tsx bench/logs/compare.ts DIR [format=combined]
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import checks from '../../src/engines/logs/checks/index.js';
import { readRevokedList } from '../../src/engines/logs/load.js';
import { runLogs } from '../../src/engines/logs/run.js';

const [dir = 'bench/.work/logs/1000000', format = 'combined'] = process.argv.slice(2);
const run = async (parallel: 'on' | 'off') => {
  const t = performance.now();
  const r = await runLogs({
    sources: [{ kind: 'file', path: join(dir, `access.${format}.log`), name: `access.${format}.log` }],
    analyzer: { checks, hashKey: Buffer.from('bench-key'), revoked: readRevokedList(join(dir, `revoked.${format}.txt`)) },
    now: () => new Date(0),
    parallel,
  });
  console.error(`${parallel}: ${((performance.now() - t) / 1000).toFixed(1)} s, ${r.findings.length} findings`);
  const { elapsedMs: _e, linesPerSecond: _l, parseWorkers: _p, ...stats } = r.stats;
  return { findings: r.findings, notifications: r.notifications, stats, extras: r.extras };
};
const off = await run('off');
const on = await run('on');
const same = isDeepStrictEqual(on, off);
console.log(same ? 'identical' : 'DIFFERENT');
if (!same) {
  for (let i = 0; i < Math.max(on.findings.length, off.findings.length); i++) {
    if (!isDeepStrictEqual(on.findings[i], off.findings[i])) {
      console.log(JSON.stringify(off.findings[i], null, 1).slice(0, 3000));
      console.log(JSON.stringify(on.findings[i], null, 1).slice(0, 3000));
      break;
    }
  }
  if (!isDeepStrictEqual(on.stats, off.stats)) console.log(on.stats, off.stats);
  process.exitCode = 1;
}
