// The authorization benchmark: generate the API (bench/authz/api.ts), scan it with the
// authorization checks as alice, bob and admin (login identities, destructive probes allowed), and
// score the findings against the planted flaws. Prints a Markdown table.
//
// Usage: npx tsx bench/authz/run.ts [--seed N] [--filter REGEX] [--checks bola,bfla,...] [--findings] [--notes]
//   --filter   scan only the operations whose "METHOD /path" matches (to study one family)
//   --findings print every finding with its message and evidence summary
//   --notes    print the scan's notifications
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

const kindOf = (checkId: string) => checkId.replace(/^scan\//, '');
const keyOf = (f: Finding) => (f.location.kind === 'http' ? `${f.location.method} ${f.location.path}` : f.checkId);

export interface Score {
  readonly operations: number;
  readonly requests: number;
  readonly seconds: number;
  readonly perKind: Record<string, { planted: number; found: number }>;
  readonly missed: { key: string; kind: FlawKind; variant: string }[];
  readonly falsePositives: { finding: Finding; variant: string }[];
  readonly findings: Finding[];
  readonly notifications: Map<string, number>;
}

/** Score findings against the truth: (operation, kind) pairs; a privilege-escalation chain counts once. */
export function score(truth: ReadonlyMap<string, OpTruth>, findings: readonly Finding[]): Pick<Score, 'perKind' | 'missed' | 'falsePositives'> {
  const found = new Set<string>();
  const falsePositives: { finding: Finding; variant: string }[] = [];
  for (const f of findings) {
    const key = keyOf(f);
    const kind = kindOf(f.checkId);
    const t = truth.get(key);
    if (t && (t.planted as readonly string[]).includes(kind)) found.add(`${kind}\u0000${key}`);
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
  return { perKind, missed, falsePositives };
}

export async function runBenchmark(opts: { seed: number; filter?: RegExp; checks: readonly ScanCheck[] }): Promise<Score> {
  const api = generateApi(opts.seed);
  let surface = loadOpenApiText(JSON.stringify(api.spec), 'bench-authz.json').surface;
  let truth = api.truth;
  if (opts.filter) {
    const re = opts.filter;
    surface = { ...surface, operations: surface.operations.filter((o) => o.path === '/me' || o.path === '/login' || re.test(`${o.method} ${o.path}`)) };
    truth = new Map([...truth].filter(([k]) => surface.operations.some((o) => `${o.method} ${o.path}` === k)));
  }
  const server = await api.start();
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
    lines.push(`| ${kind} | ${v.planted} | ${v.found} | ${v.planted ? (v.found / v.planted).toFixed(2) : 'n/a'} |`);
  }
  lines.push(`| **all** | **${planted}** | **${found}** | **${planted ? (found / planted).toFixed(2) : 'n/a'}** |`);
  lines.push('', '| measure | value |', '|---|---:|');
  lines.push(`| false positives | ${s.falsePositives.length} |`);
  lines.push(`| requests sent | ${s.requests} |`);
  lines.push(`| requests per operation | ${(s.requests / s.operations).toFixed(1)} |`);
  lines.push(`| duration | ${s.seconds.toFixed(1)} s |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      filter: { type: 'string' },
      checks: { type: 'string' },
      findings: { type: 'boolean', default: false },
      notes: { type: 'boolean', default: false },
    },
  });
  const seed = Number(values.seed);
  const names = values.checks ? values.checks.split(',').map((s) => s.trim()) : Object.keys(CHECKS);
  const checks = names.map((n) => {
    const c = CHECKS[n.replace(/^scan\//, '')];
    if (!c) throw new Error(`unknown check ${n}; known: ${Object.keys(CHECKS).join(', ')}`);
    return c;
  });
  const s = await runBenchmark({ seed, checks, ...(values.filter ? { filter: new RegExp(values.filter) } : {}) });
  console.log(table(s, seed));
  if (s.missed.length > 0) {
    console.log('\nMissed (planted, not found):\n');
    for (const m of s.missed) console.log(`- ${m.kind} at ${m.key} (${m.variant})`);
  }
  if (s.falsePositives.length > 0) {
    console.log('\nFalse positives:\n');
    for (const { finding: f, variant } of s.falsePositives) console.log(`- ${f.checkId} at ${keyOf(f)} (${variant}): ${f.message}`);
  }
  if (values.findings) {
    console.log('\nFindings:\n');
    for (const f of s.findings) console.log(`- ${f.checkId} ${keyOf(f)} [${f.severity}/${f.confidence}]: ${f.message}${f.evidence?.summary ? ` — ${f.evidence.summary}` : ''}`);
  }
  if (values.notes) {
    console.log('\nNotifications:\n');
    for (const [k, n] of s.notifications) console.log(`- ${k}: ${n}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
