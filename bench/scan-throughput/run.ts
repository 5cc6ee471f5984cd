/**
 * bench/scan-throughput: the scan engine's request rate against a trivial loopback endpoint, next
 * to autocannon at the same connection count, and the peak memory of a scan of a generated spec
 * with 1,000 operations. Not part of `npm test`.
 *
 *   npx tsx bench/scan-throughput/run.ts [--connections 16] [--seconds 4] [--rounds 3] [--budget 20000]
 *
 * autocannon is installed into bench/.work at bench time (nothing is added to package.json).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpClient } from '../../src/http/client.js';
import { ScopeGuard } from '../../src/http/scope.js';

const here = dirname(fileURLToPath(import.meta.url));
const work = join(here, '..', '.work', 'scan-throughput');
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const connections = arg('connections', 16);
const seconds = arg('seconds', 4);
const budget = arg('budget', 20_000);
const rounds = arg('rounds', 3);

async function startTarget(): Promise<{ port: number; kill: () => void }> {
  const child = spawn(process.execPath, [join(here, 'server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
  return { port, kill: () => child.kill() };
}

function autocannonModule(): (opts: Record<string, unknown>) => Promise<{ requests: { average: number; total: number }; errors: number; non2xx: number }> {
  mkdirSync(work, { recursive: true });
  if (!existsSync(join(work, 'node_modules', 'autocannon'))) {
    const r = spawnSync('npm', ['install', '--prefix', work, '--no-save', '--no-audit', '--no-fund', 'autocannon@8.0.0'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('could not install autocannon into bench/.work');
  }
  return createRequire(join(work, 'package.json'))('autocannon');
}

async function engineRate(client: HttpClient, url: string): Promise<{ rps: number; errors: number }> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const r = await client.send({ method: 'GET', url });
        if (r.status !== 200) errors++;
        done++;
      }
    }),
  );
  return { rps: done / seconds, errors };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A spec of `n` operations: collections, items with path ids, creates with JSON bodies, searches. */
function generateSpec(n: number): string {
  const paths: Record<string, Record<string, unknown>> = {};
  const item = { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string', maxLength: 50 }, email: { type: 'string', format: 'email' }, tags: { type: 'array', items: { type: 'string' } } } };
  let ops = 0;
  for (let r = 0; ops < n; r++) {
    const res = `/api/v1/resource${r}`;
    paths[res] = {
      get: { operationId: `list${r}`, parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } }, { name: 'q', in: 'query', schema: { type: 'string' } }], responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: item } } } } } },
      post: { operationId: `create${r}`, requestBody: { required: true, content: { 'application/json': { schema: { ...item, required: ['name'] } } } }, responses: { '201': { description: 'created', content: { 'application/json': { schema: item } } } } },
    };
    paths[`${res}/{id}`] = {
      get: { operationId: `get${r}`, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: { '200': { description: 'ok', content: { 'application/json': { schema: item } } } } },
      put: { operationId: `update${r}`, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], requestBody: { content: { 'application/json': { schema: item } } }, responses: { '200': { description: 'ok' } } },
      delete: { operationId: `delete${r}`, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: { '204': { description: 'gone' } } },
    };
    ops += 5;
  }
  return JSON.stringify({ openapi: '3.0.3', info: { title: 'Generated', version: '1' }, paths });
}

const target = await startTarget();
try {
  const autocannon = autocannonModule();
  const url = `http://127.0.0.1:${target.port}/`;
  const client = new HttpClient({ scope: new ScopeGuard(url), concurrency: connections, retries: 0 });
  // warm-up runs of both (pool, JIT), then alternating measured rounds; medians are reported
  await autocannon({ url, connections, duration: 2, pipelining: 1 });
  const warm = performance.now() + 2000;
  await Promise.all(Array.from({ length: connections }, async () => { while (performance.now() < warm) await client.send({ method: 'GET', url }); }));
  const acRates: number[] = [];
  const engRates: number[] = [];
  let engErrors = 0;
  for (let round = 0; round < rounds; round++) {
    const ac = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
    acRates.push(ac.requests.average);
    const eng = await engineRate(client, url);
    engRates.push(eng.rps);
    engErrors += eng.errors + ac.errors + ac.non2xx;
  }
  await client.close();
  const ratio = median(engRates) / median(acRates);
  process.stdout.write(`request rate at ${connections} connections, ${rounds} alternating rounds of ${seconds} s (medians):\n`);
  process.stdout.write(`  autocannon 8.0.0: ${Math.round(median(acRates))} req/s  [${acRates.map(Math.round).join(', ')}]\n`);
  process.stdout.write(`  rampart engine:   ${Math.round(median(engRates))} req/s  [${engRates.map(Math.round).join(', ')}]\n`);
  process.stdout.write(`  ratio:            ${ratio.toFixed(2)} (target >= 0.5); errors ${engErrors}\n`);

  const specFile = join(work, 'generated-1000.json');
  writeFileSync(specFile, generateSpec(1000));
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'memory-scan.ts'), String(target.port), specFile, String(budget)], { encoding: 'utf8', cwd: join(here, '..', '..') });
  if (r.status !== 0) throw new Error(`memory scan failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ms: number; maxRssMB: number; requests: number; findings: number; operations: number };
  process.stdout.write(`scan of a generated spec with ${m.operations} operations (all checks, budget ${budget}):\n`);
  process.stdout.write(`  ${m.requests} requests in ${(m.ms / 1000).toFixed(1)} s, ${m.findings} findings, peak RSS ${m.maxRssMB} MB (target < 300 MB)\n`);
} finally {
  target.kill();
}
