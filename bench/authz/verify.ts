// Proves the benchmark's truth without the scanner: every planted flaw is exploited by hand and
// every safe look-alike is shown to refuse, so a miss or a false positive of the scan is the
// scanner's and not the generator's. Usage: npx tsx bench/authz/verify.ts [--seeds 1-5]
import { parseArgs } from 'node:util';
import { generateApi, USERS } from './api.js';
import type { FlawKind, Oracle, OpTruth } from './api.js';

interface Res {
  status: number;
  json: unknown;
}

function client(base: string) {
  const call = async (token: string | undefined, method: string, path: string, body?: unknown): Promise<Res> => {
    const r = await fetch(base + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await r.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: r.status, json };
  };
  return call;
}

/** Success with data: 2xx and no error in the body. */
function ok(r: Res): boolean {
  if (r.status < 200 || r.status >= 300) return false;
  const o = r.json as Record<string, unknown> | undefined;
  return !(o && typeof o === 'object' && !Array.isArray(o) && 'error' in o);
}

const fill = (template: string, values: Record<string, string>) => template.replace(/\{([^}]+)\}/g, (_, n: string) => values[n] ?? `{${n}}`);

/** The kinds really exploitable at one operation, found by hand. */
async function exploit(call: ReturnType<typeof client>, tokens: Record<string, string>, o: Oracle): Promise<Set<FlawKind>> {
  const found = new Set<FlawKind>();
  const { alice, bob, admin } = tokens as { alice: string; bob: string; admin: string };
  if (o.kind === 'self') {
    const before = (await call(alice, 'GET', o.path)).json as Record<string, unknown>;
    const w = await call(alice, o.method, o.path, { [o.field]: o.value });
    const after = (await call(alice, 'GET', o.path)).json as Record<string, unknown>;
    if (ok(w) && after[o.field] === o.value && before[o.field] !== o.value) found.add('mass-assignment');
    await call(alice, o.method, o.path, { [o.field]: before[o.field] });
    return found;
  }
  if (o.kind === 'swap') {
    const list = (await call(alice, 'GET', o.base)).json as { id: number }[];
    const r = await call(alice, 'PUT', `${o.base}/${list[0]!.id}`, { title: 'changed' });
    if (ok(r)) found.add('bfla');
    return found;
  }
  if (o.kind === 'admin') {
    const invoices = (await call(alice, 'GET', '/invoices')).json as { id: string }[] | { items: { id: string }[] };
    const invoice = String((Array.isArray(invoices) ? invoices : invoices.items)[0]!.id);
    const path = fill(o.path, { id: '4', invoiceId: invoice, itemId: '11', flag: 'beta-search' });
    const asAdmin = o.method === 'DELETE' ? undefined : await call(admin, o.method, path, o.body);
    if (asAdmin && !ok(asAdmin)) throw new Error(`admin cannot ${o.method} ${path}: ${asAdmin.status}`);
    const asUser = await call(alice, o.method, path, o.body);
    if (ok(asUser)) found.add('bfla');
    return found;
  }
  // Objects: alice owns one (in a parent she owns); bob tries it; alice tries privileged fields.
  let base = o.base;
  if (o.parent) {
    const p = await call(alice, 'POST', o.parent.base, { name: 'verify parent' });
    base = fill(o.base, { [o.parent.param]: String((p.json as { id: unknown }).id) });
  }
  const created = await call(alice, 'POST', base, { name: 'verify', ...(o.action === 'create' ? { [o.field]: o.value } : {}) });
  if (created.status !== 201) throw new Error(`alice cannot create in ${base}: ${created.status}`);
  const obj = created.json as Record<string, unknown>;
  const item = `${base}/${String(obj.id)}`;
  const readBack = async () => (await call(alice, 'GET', item)).json as Record<string, unknown>;
  if (o.action === 'create' && obj[o.field] === o.value && (await readBack())[o.field] === o.value) found.add('mass-assignment');
  if (o.action === 'read') {
    const r = await call(bob, 'GET', item);
    if (ok(r) && (r.json as Record<string, unknown>).id === obj.id) found.add('bola');
  }
  if (o.action === 'update') {
    const w = await call(bob, o.method, item, { name: 'written by bob' });
    if (ok(w) && (await readBack()).name === 'written by bob') found.add('bola');
    const m = await call(alice, o.method, item, { name: 'verify', [o.field]: o.value });
    if (ok(m) && (await readBack())[o.field] === o.value) found.add('mass-assignment');
  }
  if (o.action === 'delete') {
    const d = await call(bob, 'DELETE', item);
    if (d.status >= 200 && d.status < 300 && (await call(alice, 'GET', item)).status === 404) found.add('bola');
  }
  return found;
}

export async function verify(seed: number): Promise<{ checked: number; problems: string[] }> {
  const api = generateApi(seed);
  const server = await api.start();
  const call = client(server.url);
  const problems: string[] = [];
  let checked = 0;
  try {
    const tokens: Record<string, string> = {};
    for (const [name, u] of Object.entries(USERS)) tokens[name] = ((await call(undefined, 'POST', '/login', { username: u.username, password: u.password })).json as { token: string }).token;
    for (const t of api.truth.values() as Iterable<OpTruth>) {
      if (!t.oracle) continue;
      checked++;
      const got = await exploit(call, tokens, t.oracle);
      const expected = new Set<FlawKind>(t.planted.filter((k) => k !== 'privilege-escalation'));
      const miss = [...expected].filter((k) => !got.has(k));
      const extra = [...got].filter((k) => !expected.has(k));
      if (miss.length || extra.length) problems.push(`${t.key} (${t.variant}): planted but not exploitable [${miss.join(', ')}], exploitable but not planted [${extra.join(', ')}]`);
    }
    // The chain: alice raises her own role through a planted operation, then reads an admin listing.
    const chain = [...api.truth.values()].filter((t) => t.planted.includes('privilege-escalation'));
    for (const t of chain) {
      checked++;
      const path = t.key.split(' ')[1]!.replace('{id}', '1');
      await call(tokens.alice, t.key.split(' ')[0]!, path, { role: 'admin' });
      const me = (await call(tokens.alice, 'GET', '/me')).json as { role: string };
      if (me.role !== 'admin') problems.push(`${t.key}: the privilege-escalation chain does not work`);
      await call(tokens.admin, 'PUT', '/admin/users/1', { role: 'user' });
    }
  } finally {
    await server.close();
  }
  return { checked, problems };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seeds: { type: 'string', default: '1-5' } } });
  const m = /^(\d+)-(\d+)$/.exec(values.seeds);
  const seeds = m ? Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, i) => Number(m[1]) + i) : values.seeds.split(',').map(Number);
  let bad = 0;
  for (const seed of seeds) {
    const r = await verify(seed);
    console.log(`seed ${seed}: ${r.checked} operations checked by hand, ${r.problems.length} disagree with the truth`);
    for (const p of r.problems) console.log(`  - ${p}`);
    bad += r.problems.length;
  }
  process.exitCode = bad > 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
