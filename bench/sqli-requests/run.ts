// Benchmark: requests sent and seconds until a confirmed SQL injection, Rampart's scan/sql-injection
// against sqlmap (Debian package, default level and risk, --batch) on the same fixture endpoints in the
// same run. Real SQLite, PostgreSQL and MariaDB; boolean-, error- and time-based variants.
// Run: npx tsx bench/sqli-requests/run.ts [--only sqlite-boolean,...] [--no-sqlmap]
// Writes bench/sqli-requests/results.json and prints a Markdown table.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlInjection from '../../src/engines/scan/checks/sql-injection.js';
import type { Parameter } from '../../src/surface/model.js';
import { op, runCheckAgainst, surfaceOf } from '../../test/harness/scan.js';
import { openDb, type Db, type DbKind } from '../../test/injection/databases.js';
import { App } from '../../test/injection/http.js';
import { addSqlRoutes, type SqlVariant } from '../../test/injection/sql-fixture.js';

interface Row {
  endpoint: string;
  rampart: { confirmed: boolean; technique?: string; dbms?: string; requests: number; seconds: number };
  sqlmap?: { confirmed: boolean; firstRequests?: number; firstSeconds?: number; requests: number; seconds: number; techniques: string[] };
}

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : undefined;
const withSqlmap = !args.includes('--no-sqlmap');

function ensureSqlmap(): void {
  if (!withSqlmap) return;
  if (spawnSync('sh', ['-c', 'command -v sqlmap']).status === 0) return;
  console.error('installing sqlmap (Debian package)...');
  spawnSync('apt-get', ['install', '-y', '-q', 'sqlmap'], { stdio: 'inherit' });
}

async function runRampart(app: App, url: string, path: string): Promise<Row['rampart']> {
  const query: Parameter = { name: 'category', in: 'query', required: true, schema: { type: 'string' }, example: 'books' };
  const surface = surfaceOf([op('GET', path, { query: [query] })]);
  const before = app.requests;
  const t0 = performance.now();
  const r = await runCheckAgainst(sqlInjection, url, surface, { client: { timeoutMs: 30000 } });
  const seconds = (performance.now() - t0) / 1000;
  const f = r.findings[0];
  return {
    confirmed: r.findings.length > 0,
    ...(f ? { technique: String(f.evidence?.data?.['technique']), dbms: String(f.evidence?.data?.['dbms'] ?? '') } : {}),
    requests: app.requests - before,
    seconds,
  };
}

function runSqlmap(app: App, url: string, path: string): Promise<NonNullable<Row['sqlmap']>> {
  const out = mkdtempSync(join(tmpdir(), 'rampart-bench-sqlmap-'));
  const before = app.requests;
  const t0 = performance.now();
  return new Promise((resolve) => {
    const p = spawn('sqlmap', ['-u', `${url}${path}?category=books`, '-p', 'category', '--batch', '--flush-session', `--output-dir=${out}`, '--disable-coloring'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    let firstRequests: number | undefined;
    let firstSeconds: number | undefined;
    const techniques = new Set<string>();
    p.stdout.on('data', (c: Buffer) => {
      buf += c.toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2 > buf.length ? nl + 1 : nl + 1);
        const m = /parameter '[^']+' (?:appears to be|is) '([^']+)' injectable/.exec(line);
        if (m) {
          techniques.add(m[1]!);
          if (firstRequests === undefined) {
            firstRequests = app.requests - before;
            firstSeconds = (performance.now() - t0) / 1000;
          }
        }
      }
    });
    p.on('close', () => {
      rmSync(out, { recursive: true, force: true });
      resolve({
        confirmed: techniques.size > 0,
        ...(firstRequests !== undefined ? { firstRequests, firstSeconds } : {}),
        requests: app.requests - before,
        seconds: (performance.now() - t0) / 1000,
        techniques: [...techniques],
      });
    });
  });
}

async function main(): Promise<void> {
  ensureSqlmap();
  const app = new App();
  const dbs: Db[] = [];
  for (const k of ['sqlite', 'postgres', 'mariadb'] as DbKind[]) {
    const db = await openDb(k);
    dbs.push(db);
    addSqlRoutes(app, db, ['boolean', 'error', 'time']);
  }
  const url = await app.listen();
  const rows: Row[] = [];
  try {
    for (const db of dbs) {
      for (const variant of ['boolean', 'error', 'time'] as SqlVariant[]) {
        const name = `${db.kind}-${variant}`;
        if (only && !only.includes(name)) continue;
        const path = `/sql/${db.kind}/${variant}/query`;
        const rampart = await runRampart(app, url, path);
        const sqlmap = withSqlmap ? await runSqlmap(app, url, path) : undefined;
        const row: Row = { endpoint: name, rampart, ...(sqlmap ? { sqlmap } : {}) };
        rows.push(row);
        console.error(JSON.stringify(row));
      }
    }
  } finally {
    await app.close();
    for (const d of dbs) await d.close();
  }
  writeFileSync(join(import.meta.dirname, 'results.json'), JSON.stringify({ date: new Date().toISOString(), rows }, null, 2));
  console.log(table(rows));
}

/** The Markdown table of a run (also: `--table` prints it from results.json without running). */
export function table(rows: readonly Row[]): string {
  const lines = [
    '| endpoint | Rampart | requests | s | sqlmap (default level) | requests to first "injectable" | s to first | requests total | s total | Rampart / sqlmap total |',
    '|---|---|---:|---:|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const s = r.sqlmap;
    lines.push(
      `| ${r.endpoint} | ${r.rampart.confirmed ? `confirmed, ${r.rampart.technique}, ${r.rampart.dbms}` : 'not found'} | ${r.rampart.requests} | ${r.rampart.seconds.toFixed(1)} | ${s ? (s.confirmed ? `confirmed (${s.techniques.length} technique${s.techniques.length === 1 ? '' : 's'})` : 'not found') : '-'} | ${s?.firstRequests ?? '-'} | ${s?.firstSeconds !== undefined ? s.firstSeconds.toFixed(1) : '-'} | ${s?.requests ?? '-'} | ${s ? s.seconds.toFixed(1) : '-'} | ${s ? (r.rampart.requests / s.requests).toFixed(2) : '-'} |`,
    );
  }
  return lines.join('\n');
}

if (args.includes('--table')) {
  const { readFileSync } = await import('node:fs');
  console.log(table((JSON.parse(readFileSync(join(import.meta.dirname, 'results.json'), 'utf8')) as { rows: Row[] }).rows));
} else {
  await main();
}
