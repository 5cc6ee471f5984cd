#!/usr/bin/env node
// bench/spec-audit: rampart spec vs Spectral + @stoplight/spectral-owasp-ruleset on the real 4 MB
// Stripe description and a generated 5 MB document, in one run: wall time, CPU time and peak
// memory (GNU time), and the problems both tools report for the concerns both check.
// Usage: node bench/spec-audit/run.mjs [--skip-spectral | --reuse-spectral] [--runs N] [--docs stripe,generated,fanout] [--given-env]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const work = join(root, 'bench', '.work', 'spec-audit');
const args = process.argv.slice(2);
const skipSpectral = args.includes('--skip-spectral');
// --reuse-spectral: take Spectral's results and timings from an earlier run of this script (bench/.work/spec-audit).
const reuseSpectral = args.includes('--reuse-spectral');
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
mkdirSync(work, { recursive: true });

const SPECTRAL_CLI = '@stoplight/spectral-cli@6.16.3';
const OWASP = '@stoplight/spectral-owasp-ruleset@2.0.1';
const spectralBin = join(work, 'node_modules', '.bin', 'spectral');
if (!skipSpectral && !reuseSpectral && !existsSync(spectralBin)) {
  console.error(`installing ${SPECTRAL_CLI} and ${OWASP} into bench/.work (not project dependencies)`);
  if (!existsSync(join(work, 'package.json'))) writeFileSync(join(work, 'package.json'), '{"name":"spectral-bench","private":true}\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', SPECTRAL_CLI, OWASP], { cwd: work, stdio: 'inherit' });
}
writeFileSync(join(work, '.spectral.yaml'), 'extends:\n  - "@stoplight/spectral-owasp-ruleset"\n');

// rampart is timed as users run it: the built CLI (bin/rampart.js -> dist), which loads only the
// modules of the command it runs. compare.ts is bundled so no TypeScript is compiled while timing.
console.error('building rampart (npm run build)');
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
const rampartBin = join(root, 'bin', 'rampart.js');
execFileSync(join(root, 'node_modules', '.bin', 'esbuild'), [join(root, 'bench/spec-audit/compare.ts'), '--bundle', '--platform=node', '--format=esm', '--target=node20', '--packages=external', `--outfile=${join(work, 'compare.mjs')}`, '--log-level=warning'], { stdio: 'inherit' });
const { compare } = await import(join(work, 'compare.mjs'));

const generated = join(work, 'generated.yaml');
if (!existsSync(generated)) execFileSync(process.execPath, [join(root, 'bench/spec-audit/generate.mjs'), generated], { stdio: 'inherit' });
// The shared data folder sits beside the checkout (../shared), or two levels up from a worktree under wt/.
const stripe = [resolve(root, '../shared/data/openapi/stripe-spec3-2023-09-05.yaml'), resolve(root, '../../shared/data/openapi/stripe-spec3-2023-09-05.yaml')].find((f) => existsSync(f)) ?? resolve(root, '../shared/data/openapi/stripe-spec3-2023-09-05.yaml');
const fanout = join(work, 'generated-fanout.yaml');
if (!existsSync(fanout)) execFileSync(process.execPath, [join(root, 'bench/spec-audit/generate.mjs'), fanout, '--fanout'], { stdio: 'inherit' });
const generatedMb = (readFileSync(generated).length / 1048576).toFixed(1);
const docs = [
  { name: 'Stripe (real, 4.1 MB YAML)', file: stripe, key: 'stripe' },
  { name: `generated (${generatedMb} MB YAML, 500 operations, linear chain of shared schemas)`, file: generated, key: 'generated' },
  { name: `generated with fan-out (${generatedMb} MB YAML, 500 operations, shared schemas form a DAG)`, file: fanout, key: 'fanout' },
];
// The fast YAML reader (src/surface/yaml-fast.ts) must return exactly what js-yaml returns on
// every benchmark document, or leave the document to js-yaml.
{
  const { parseFastYaml } = await import(join(root, 'dist/src/surface/yaml-fast.js'));
  const { default: jsyaml } = await import('js-yaml');
  const { isDeepStrictEqual } = await import('node:util');
  for (const d of docs) {
    const text = readFileSync(d.file, 'utf8');
    const fast = parseFastYaml(text);
    if (!fast) {
      console.error(`fast YAML reader: ${d.key} is left to js-yaml`);
      continue;
    }
    const want = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, json: true });
    if (!isDeepStrictEqual(fast.value, want) || JSON.stringify(fast.value) !== JSON.stringify(want)) throw new Error(`fast YAML reader: ${d.key} reads differently from js-yaml`);
    console.error(`fast YAML reader: ${d.key} reads as js-yaml reads it`);
  }
}

// --docs stripe,fanout: run only these documents (with --reuse-spectral, the others keep their earlier Spectral figures).
const only = args.includes('--docs') ? args[args.indexOf('--docs') + 1].split(',') : undefined;

/**
 * The environment both tools run in: this one without NODE_EXTRA_CA_CERTS. When that variable is
 * set, Node 20 parses its ~140 bundled root certificates and the named file before it runs any
 * JavaScript (nodejs/node#40524): on this project's machine, whose environment sets it, 40-55 ms
 * of every process start (`node -e 0` 63 against 23 ms).
 * Neither tool opens a TLS connection on these documents, and it is a setting of the machine, not of
 * either tool. When it is set, rampart also runs with it, alternating with the runs without it, and
 * the table shows both (`ca` rows); `--given-env` runs everything in the environment as given.
 */
const givenEnvOnly = args.includes('--given-env');
const cleanEnv = { ...process.env };
if (!givenEnvOnly) delete cleanEnv.NODE_EXTRA_CA_CERTS;
const caEnv = !givenEnvOnly && process.env.NODE_EXTRA_CA_CERTS !== undefined ? process.env : undefined;

/**
 * Run a command under GNU time -v: wall seconds, CPU seconds, peak RSS in MB. The wall time is
 * taken here, from the spawn to the exit (GNU time gives it in hundredths of a second, 5 % of a
 * 0.2 s run): it includes starting GNU time itself, the same for both tools, and not the reading
 * of the output after the exit.
 */
function timed(cmd, cmdArgs, outFile, env = cleanEnv) {
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-v', cmd, ...cmdArgs], { cwd: work, env });
    const out = [];
    const err = [];
    let wall;
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('exit', () => (wall = Number(process.hrtime.bigint() - start) / 1e9));
    child.on('error', fail);
    child.on('close', (status) => {
      if (outFile) writeFileSync(outFile, Buffer.concat(out));
      const stderr = Buffer.concat(err).toString('utf8');
      const num = (re) => Number((re.exec(stderr) ?? [])[1] ?? NaN);
      done({ wall, cpu: num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/), rssMb: num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024, status, stderr });
    });
  });
}

const results = [];
for (const d of docs) {
  const rampartOut = join(work, `rampart-${d.key}.json`);
  const ours = [];
  const oursCa = [];
  const rampartArgs = [rampartBin, 'spec', d.file, '--format', 'json', '--fail-on', 'none', '-q'];
  const runOurs = async (n) => {
    for (let i = 0; i < n; i++) {
      ours.push(await timed(process.execPath, rampartArgs, rampartOut));
      if (caEnv) oursCa.push(await timed(process.execPath, rampartArgs, undefined, caEnv));
    }
    const failed = [...ours, ...oursCa].find((o) => o.status !== 0);
    if (failed) throw new Error(`rampart failed on ${d.file}:\n${failed.stderr}`);
  };
  let spectral;
  const spectralOut = join(work, `spectral-${d.key}.json`);
  const runSpectralHere = !skipSpectral && (!reuseSpectral || (only?.includes(d.key) ?? false) || !existsSync(join(work, `spectral-${d.key}.time.json`)));
  // When Spectral runs here, rampart's runs come half before and half after it: the host's speed
  // drifts over minutes, and runs on both sides of Spectral's see the conditions it saw.
  const before = runSpectralHere ? Math.ceil(runs / 2) : runs;
  await runOurs(before);
  if (runSpectralHere) {
    console.error(`spectral on ${d.name} (takes minutes)`);
    spectral = await timed(process.execPath, ['--max-old-space-size=8192', spectralBin, 'lint', d.file, '-r', join(work, '.spectral.yaml'), '-f', 'json', '--quiet'], spectralOut);
    writeFileSync(join(work, `spectral-${d.key}.time.json`), JSON.stringify(spectral));
  } else if (existsSync(join(work, `spectral-${d.key}.time.json`))) {
    spectral = JSON.parse(readFileSync(join(work, `spectral-${d.key}.time.json`), 'utf8'));
  }
  await runOurs(runs - before);
  // The median of each figure on its own (on a shared machine the run with the median wall time
  // need not have the median CPU time).
  const median = (list, key) => list.map((o) => o[key]).sort((x, y) => x - y)[Math.floor(list.length / 2)];
  const medians = (list) => ({ wall: median(list, 'wall'), cpu: median(list, 'cpu'), rssMb: median(list, 'rssMb'), status: 0 });
  const best = medians(ours);
  const withCa = oursCa.length > 0 ? medians(oursCa) : undefined;
  const cmp = existsSync(spectralOut) ? await compare(d.file, work, JSON.parse(readFileSync(rampartOut, 'utf8')), JSON.parse(readFileSync(spectralOut, 'utf8') || '[]')) : undefined;
  results.push({ doc: d, ours: best, withCa, spectral, cmp });
  console.error(`${d.name}: rampart ${best.wall.toFixed(3)} s / ${best.rssMb.toFixed(0)} MB` + (withCa ? ` (${withCa.wall.toFixed(3)} s with NODE_EXTRA_CA_CERTS)` : '') + (spectral ? `, spectral ${spectral.wall.toFixed(1)} s / ${spectral.rssMb.toFixed(0)} MB` : ''));
}

const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
// Ratios near the 50x target keep a decimal: 49.5x is not 50x.
const ratio = (n) => f(n, n >= 100 ? 0 : 1);
let md = `| document | tool | wall time (s) | CPU time (s) | peak memory (MB) | faster (wall) | faster (CPU) | memory vs Spectral |\n|---|---|---:|---:|---:|---:|---:|---:|\n`;
const envNote = givenEnvOnly ? ', environment as given' : '';
for (const r of results) {
  md += `| ${r.doc.name} | rampart spec (median of ${runs}${envNote}) | ${f(r.ours.wall, 3)} | ${f(r.ours.cpu, 2)} | ${f(r.ours.rssMb, 0)} | | | |\n`;
  if (r.spectral) md += `| | Spectral + OWASP ruleset${envNote} | ${f(r.spectral.wall)} | ${f(r.spectral.cpu)} | ${f(r.spectral.rssMb, 0)} | ${ratio(r.spectral.wall / r.ours.wall)}x | ${ratio(r.spectral.cpu / r.ours.cpu)}x | ${f((r.ours.rssMb / r.spectral.rssMb) * 100, 1)} % |\n`;
  if (r.withCa) {
    const vs = (n, d) => (r.spectral ? `${ratio(n / d)}x` : '');
    md += `| | ca: rampart spec with NODE_EXTRA_CA_CERTS as set here (median of ${runs}) | ${f(r.withCa.wall, 3)} | ${f(r.withCa.cpu, 2)} | ${f(r.withCa.rssMb, 0)} | ${vs(r.spectral?.wall, r.withCa.wall)} | ${vs(r.spectral?.cpu, r.withCa.cpu)} | |\n`;
  }
}
if (caEnv) md += `\nSpectral and the rampart rows run without NODE_EXTRA_CA_CERTS; the \`ca\` rows run with it as this environment sets it (${caEnv.NODE_EXTRA_CA_CERTS}), alternating with the rampart runs without it, and are compared with the same Spectral run.\n`;
for (const r of results) {
  if (!r.cmp) continue;
  md += `\n#### ${r.doc.name}: problems reported by both tools (concerns both check)\n\n${r.cmp.table}\n`;
}
writeFileSync(join(work, 'results.md'), md);
console.log(md);
