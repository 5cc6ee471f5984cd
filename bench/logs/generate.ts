// Write a generated access log (and its labels and revoked list) for the benchmark.
// usage: tsx bench/logs/generate.ts OUT_DIR [benignLines=5000000] [format=combined|json] [seed=2026]
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateLog } from '../../src/engines/logs/generator/index.js';

export async function writeLog(outDir: string, benignLines: number, format: 'combined' | 'json', seed: number): Promise<{ file: string; lines: number }> {
  mkdirSync(outDir, { recursive: true });
  const users = Math.max(200, Math.round(benignLines / 1000));
  const g = generateLog({ seed, benignLines, users, days: 3, format, attacksPerKind: 3 });
  const file = join(outDir, `access.${format}.log`);
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  let buf = '';
  let lines = 0;
  for (const l of g.lines) {
    buf += `${l}\n`;
    lines++;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise<void>((r) => out.end(r));
  writeFileSync(join(outDir, `labels.${format}.json`), JSON.stringify(g.labels, null, 1));
  writeFileSync(join(outDir, `revoked.${format}.txt`), g.revokedList);
  return { file, lines };
}

if (process.argv[1] && process.argv[1].endsWith('generate.ts')) {
  const [outDir = 'bench/.work/logs', n = '5000000', format = 'combined', seed = '2026'] = process.argv.slice(2);
  const t = performance.now();
  const r = await writeLog(outDir, Number(n), format as 'combined' | 'json', Number(seed));
  console.log(`${r.file}: ${r.lines} lines in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
