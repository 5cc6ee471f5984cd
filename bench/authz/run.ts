// The authorization benchmark: generate the API (bench/authz/api.ts), scan it with the
// authorization checks as alice, bob and admin (login identities, destructive probes allowed), and
// score the findings against the planted flaws. Prints a Markdown table.
//
// Usage: npx tsx bench/authz/run.ts [--seed N | --seeds 1-5] [--filter REGEX] [--checks bola,bfla,...] [--findings] [--notes]
//   --filter   scan only the operations whose "METHOD /path" matches (to study one family)
//   --findings print every finding with its message and evidence summary
//   --notes    print the scan's notifications
//   --list     print every operation with its variant, what is planted and what was found
//   --hazard   also plant DELETE /admin/users/{id} without a role check (the scan then deletes accounts)
//   --trace    print every request the API receives (caller, method, path, body, status, response)
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { runChecksAgainst } from '../../test/harness/scan.js';
import { loadOpenApiText } from '../../src/surface/openapi.js';
import type { IdentityConfig } from '../../src/http/identities.js';
import type { ScanCheck } from '../../src/engines/scan/define.js';
import type { Finding } from '../../src/core/finding.js';
import bola from '../../src/engines/scan/checks/bola.js';
import bfla from '../../src/engines/scan/checks/bfla.js';
import massAssignment from '../../src/engines/scan/checks/mass-assignment.js';
import privilegeEscalation from '../../src/engines/scan/checks/privilege-escalation.js';
import unauthenticated from '../../src/engines/scan/checks/unauthenticated-access.js';
import { generateApi, USERS } from './api.js';
import type { FlawKind, OpTruth } from './api.js';

const CHECKS: Record<string, ScanCheck> = {
  bola,
  bfla,
  'mass-assignment': massAssignment,
  'privilege-escalation': privilegeEscalation,
  'unauthenticated-access': unauthenticated,
};
const KINDS: readonly FlawKind[] = ['bola', 'bfla', 'mass-assignment', 'privilege-escalation'];

export function identities(): Record<string, IdentityConfig> {
  const login = (u: { username: string; password: string; role: string }): IdentityConfig => ({
    type: 'login',
    role: u.role,
    username: u.username,
    request: { method: 'POST', url: '/login', body: { username: u.username, password: u.password } },
    token: { pointer: '/token' },
  });
  return { alice: login(USERS.alice), bob: login(USERS.bob), admin: login(USERS.admin) };
}

/** A ratio to two decimals, rounded down: 799/800 shows as 0.99, never as 1.00. */
const ratio = (n: number, d: number) => (d === 0 ? 'n/a' : (Math.floor((n / d) * 100) / 100).toFixed(2));
const kindOf = (checkId: string) => checkId.replace(/^scan\//, '');
const keyOf = (f: Finding) => (f.location.kind === 'http' ? `${f.location.method} ${f.location.path}` : f.checkId);

export interface Score {
  readonly operations: number;
  readonly requests: number;
  readonly seconds: number;
  readonly perKind: Record<string, { planted: number; found: number }>;
  readonly missed: { key: string; kind: FlawKind; variant: string }[];
  readonly falsePositives: { finding: Finding; variant: string }[];
  /** Correct findings of a kind that follows from a planted flaw (not counted either way). */
  readonly implied: Finding[];
  readonly findings: Finding[];
  readonly notifications: Map<string, number>;
}

/** Score findings against the truth: (operation, kind) pairs; a privilege-escalation chain counts once. */
export function score(truth: ReadonlyMap<string, OpTruth>, findings: readonly Finding[]): Pick<Score, 'perKind' | 'missed' | 'falsePositives' | 'implied'> {
  const found = new Set<string>();
  const falsePositives: { finding: Finding; variant: string }[] = [];
  const implied: Finding[] = [];
  for (const f of findings) {
    const key = keyOf(f);
    const kind = kindOf(f.checkId);
    const t = truth.get(key);
    if (t && (t.planted as readonly string[]).includes(kind)) found.add(`${kind}\u0000${key}`);
    else if (t && (t.implied as readonly string[] | undefined)?.includes(kind)) implied.push(f);
    else falsePositives.push({ finding: f, variant: t?.variant ?? 'not an operation of the API' });
  }
  const perKind: Record<string, { planted: number; found: number }> = {};
  const missed: { key: string; kind: FlawKind; variant: string }[] = [];
  for (const kind of KINDS) {
    const ops = [...truth.values()].filter((t) => t.planted.includes(kind));
    if (kind === 'privilege-escalation') {
      // One chain: any of the operations that let a user raise its own role proves it.
      const hit = ops.some((t) => found.has(`${kind}\u0000${t.key}`));
      perKind[kind] = { planted: ops.length > 0 ? 1 : 0, found: hit ? 1 : 0 };
      if (ops.length > 0 && !hit) missed.push({ key: ops.map((t) => t.key).join(' or '), kind, variant: ops.map((t) => t.variant).join(' / ') });
      continue;
    }
    let n = 0;
    for (const t of ops) {
      if (found.has(`${kind}\u0000${t.key}`)) n++;
      else missed.push({ key: t.key, kind, variant: t.variant });
    }
    perKind[kind] = { planted: ops.length, found: n };
  }
  return { perKind, missed, falsePositives, implied };
}

export async function runBenchmark(opts: { seed: number; filter?: RegExp; checks: readonly ScanCheck[]; trace?: (line: string) => void; hazard?: boolean }): Promise<Score> {
  const api = generateApi(opts.seed, { plantAccountDeletion: opts.hazard ?? false });
  let surface = loadOpenApiText(JSON.stringify(api.spec), 'bench-authz.json').surface;
  let truth = api.truth;
  if (opts.filter) {
    const re = opts.filter;
    surface = { ...surface, operations: surface.operations.filter((o) => o.path === '/me' || o.path === '/login' || re.test(`${o.method} ${o.path}`)) };
    truth = new Map([...truth].filter(([k]) => surface.operations.some((o) => `${o.method} ${o.path}` === k)));
  }
  const server = await api.start(opts.trace);
  const t0 = performance.now();
  try {
    const r = await runChecksAgainst(opts.checks, server.url, surface, { identities: identities(), allowDestructive: true, seed: opts.seed });
    const seconds = (performance.now() - t0) / 1000;
    const notifications = new Map<string, number>();
    for (const n of r.notifications) notifications.set(`${n.level} ${n.code}`, (notifications.get(`${n.level} ${n.code}`) ?? 0) + 1);
    return { operations: surface.operations.length, requests: Number(r.run.stats.requests), seconds, ...score(truth, r.findings), findings: r.findings, notifications };
  } finally {
    await server.close();
  }
}

export function table(s: Score, seed: number): string {
  const lines = [
    `Seed ${seed}: ${s.operations} operations, ${s.requests} requests (${(s.requests / s.operations).toFixed(1)} per operation), ${s.seconds.toFixed(1)} s.`,
    '',
    '| flaw kind | planted | found | recall |',
    '|---|---:|---:|---:|',
  ];
  let planted = 0;
  let found = 0;
  for (const [kind, v] of Object.entries(s.perKind)) {
    planted += v.planted;
    found += v.found;
    lines.push(`| ${kind} | ${v.planted} | ${v.found} | ${ratio(v.found, v.planted)} |`);
  }
  lines.push(`| **all** | **${planted}** | **${found}** | **${ratio(found, planted)}** |`);
  lines.push('', '| measure | value |', '|---|---:|');
  lines.push(`| false positives | ${s.falsePositives.length} |`);
  lines.push(`| requests sent | ${s.requests} |`);
  lines.push(`| requests per operation | ${(s.requests / s.operations).toFixed(1)} |`);
  lines.push(`| duration | ${s.seconds.toFixed(1)} s |`);
  return lines.join('\n');
}

/** One row per seed plus the sum, for `--seeds`. */
export function seedsTable(runs: readonly { seed: number; score: Score }[]): string {
  const kinds = KINDS as readonly string[];
  const cell = (v: { planted: number; found: number }) => `${v.found}/${v.planted}`;
  const lines = [
    `| seed | ${kinds.join(' | ')} | recall | false positives | requests | per operation | seconds |`,
    `|---:|${kinds.map(() => '---:').join('|')}|---:|---:|---:|---:|---:|`,
  ];
  const sum: Record<string, { planted: number; found: number }> = Object.fromEntries(kinds.map((k) => [k, { planted: 0, found: 0 }]));
  let fp = 0;
  let req = 0;
  let ops = 0;
  let secs = 0;
  for (const { seed, score: s } of runs) {
    let p = 0;
    let f = 0;
    for (const k of kinds) {
      const v = s.perKind[k] ?? { planted: 0, found: 0 };
      sum[k]!.planted += v.planted;
      sum[k]!.found += v.found;
      p += v.planted;
      f += v.found;
    }
    fp += s.falsePositives.length;
    req += s.requests;
    ops += s.operations;
    secs += s.seconds;
    lines.push(`| ${seed} | ${kinds.map((k) => cell(s.perKind[k] ?? { planted: 0, found: 0 })).join(' | ')} | ${ratio(f, p)} | ${s.falsePositives.length} | ${s.requests} | ${(s.requests / s.operations).toFixed(1)} | ${s.seconds.toFixed(1)} |`);
  }
  const P = kinds.reduce((n, k) => n + sum[k]!.planted, 0);
  const F = kinds.reduce((n, k) => n + sum[k]!.found, 0);
  lines.push(`| **all** | ${kinds.map((k) => `**${cell(sum[k]!)}** (${ratio(sum[k]!.found, sum[k]!.planted)})`).join(' | ')} | **${ratio(F, P)}** | **${fp}** | ${req} | **${(req / ops).toFixed(1)}** | ${secs.toFixed(1)} |`);
  return lines.join('\n');
}

function seedList(spec: string): number[] {
  const m = /^(\d+)-(\d+)$/.exec(spec);
  if (m) return Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, i) => Number(m[1]) + i);
  return spec.split(',').map(Number);
}

function printDetails(s: Score, seed: number, values: { findings?: boolean; list?: boolean; notes?: boolean; hazard?: boolean }): void {
  if (s.missed.length > 0) {
    console.log(`\nMissed (planted, not found), seed ${seed}:\n`);
    for (const m of s.missed) console.log(`- ${m.kind} at ${m.key} (${m.variant})`);
  }
  if (s.falsePositives.length > 0) {
    console.log(`\nFalse positives, seed ${seed}:\n`);
    for (const { finding: f, variant } of s.falsePositives) console.log(`- ${f.checkId} at ${keyOf(f)} (${variant}): ${f.message}`);
  }
  if (s.implied.length > 0) {
    console.log(`\nCorrect findings implied by a planted flaw (not counted), seed ${seed}:\n`);
    for (const f of s.implied) console.log(`- ${f.checkId} at ${keyOf(f)}: ${f.message}`);
  }
  if (values.findings) {
    console.log('\nFindings:\n');
    for (const f of s.findings) console.log(`- ${f.checkId} ${keyOf(f)} [${f.severity}/${f.confidence}]: ${f.message}${f.evidence?.summary ? ` — ${f.evidence.summary}` : ''}`);
  }
  if (values.list) {
    console.log('\nOperations:\n');
    for (const t of generateApi(seed, { plantAccountDeletion: values.hazard ?? false }).truth.values()) {
      const got = s.findings.filter((f) => keyOf(f) === t.key).map((f) => kindOf(f.checkId));
      console.log(`- ${t.key}: ${t.variant}; planted [${t.planted.join(', ')}]; found [${[...new Set(got)].join(', ')}]`);
    }
  }
  if (values.notes) {
    console.log('\nNotifications:\n');
    for (const [k, n] of s.notifications) console.log(`- ${k}: ${n}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      seeds: { type: 'string' },
      filter: { type: 'string' },
      checks: { type: 'string' },
      findings: { type: 'boolean', default: false },
      notes: { type: 'boolean', default: false },
      trace: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      hazard: { type: 'boolean', default: false },
    },
  });
  const names = values.checks ? values.checks.split(',').map((s) => s.trim()) : Object.keys(CHECKS);
  const checks = names.map((n) => {
    const c = CHECKS[n.replace(/^scan\//, '')];
    if (!c) throw new Error(`unknown check ${n}; known: ${Object.keys(CHECKS).join(', ')}`);
    return c;
  });
  const common = { checks, hazard: values.hazard, ...(values.trace ? { trace: (l: string) => console.log(l) } : {}), ...(values.filter ? { filter: new RegExp(values.filter) } : {}) };
  if (values.seeds) {
    const runs: { seed: number; score: Score }[] = [];
    for (const seed of seedList(values.seeds)) runs.push({ seed, score: await runBenchmark({ seed, ...common }) });
    console.log(seedsTable(runs));
    for (const r of runs) printDetails(r.score, r.seed, values);
    return;
  }
  const seed = Number(values.seed);
  const s = await runBenchmark({ seed, ...common });
  console.log(table(s, seed));
  printDetails(s, seed, values);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
