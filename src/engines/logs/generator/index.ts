/**
 * A deterministic access-log generator: benign traffic for a seeded population of users and tokens
 * (diurnal load, sessions with logins, ordinary failures, pagination, an office NAT, roaming mobile
 * users, a nightly batch job, a busy reporting client) with labelled attacks of every kind injected.
 * It is the ground truth for the detector tests and the benchmark. Same seed, same log.
 */

import { seededRandom as mulberry32 } from '../../../core/random.js';

export const ATTACK_KINDS = [
  'brute-force',
  'brute-force-distributed',
  'password-spraying',
  'credential-stuffing',
  'account-takeover',
  'object-enumeration',
  'scraping',
  'token-new-context',
  'token-shared',
  'token-volume-spike',
  'token-privileged-use',
  'revoked-token-use',
] as const;
export type AttackKind = (typeof ATTACK_KINDS)[number];

/** The check that must raise each kind of attack. */
export const EXPECTED_CHECK: Readonly<Record<AttackKind, string>> = {
  'brute-force': 'logs/brute-force',
  'brute-force-distributed': 'logs/brute-force',
  'password-spraying': 'logs/password-spraying',
  'credential-stuffing': 'logs/credential-stuffing',
  'account-takeover': 'logs/login-success-after-failures',
  'object-enumeration': 'logs/object-enumeration',
  scraping: 'logs/scraping',
  'token-new-context': 'logs/token-new-context',
  'token-shared': 'logs/token-shared',
  'token-volume-spike': 'logs/token-volume-spike',
  'token-privileged-use': 'logs/token-privileged-use',
  'revoked-token-use': 'logs/revoked-token-use',
};

/** One injected attack: what a detector should find, and where it is in the log. */
export interface AttackLabel {
  readonly id: string;
  readonly kind: AttackKind;
  readonly expectedCheck: string;
  start: number;
  end: number;
  /** Principals an incident about this attack may name: `account:x`, `source:ip`, `network:n`, `client:ua`, `credential:<raw>`. */
  readonly principals: readonly string[];
  firstLine: number;
  lastLine: number;
  lines: number;
}

export interface GeneratorOptions {
  readonly seed?: number;
  /** Approximate number of benign lines. */
  readonly benignLines?: number;
  readonly users?: number;
  readonly days?: number;
  /** Epoch ms of the first line (midnight UTC is a good start). */
  readonly start?: number;
  readonly attacksPerKind?: number;
  readonly kinds?: readonly AttackKind[];
  readonly format?: 'json' | 'combined';
}

/** A request before it is rendered as a line. */
export interface GenRequest {
  t: number;
  ip: string;
  ua: string;
  method: string;
  path: string;
  status: number;
  bytes: number;
  latency: number;
  user: string;
  credential: string;
  body: string;
  label?: AttackLabel;
}

export interface GeneratedLog {
  /** The lines, in time order (labels' line numbers are filled as they are produced). */
  readonly lines: Iterable<string>;
  readonly labels: readonly AttackLabel[];
  /** A revoked list for `--revoked` (tokens with their revocation time). */
  readonly revokedList: string;
  readonly start: number;
  readonly end: number;
}

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const FIRST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'yusuf'];
const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36',
];
const APPS = ['ShopApp/4.2.1 (iPhone; iOS 17.5)', 'ShopApp/4.2.0 (Android 14; Pixel 8)', 'ShopApp/4.1.9 (Android 13; SM-S911B)'];

interface Context {
  readonly ip: string;
  readonly ua: string;
}

interface User {
  readonly name: string;
  readonly password: string;
  credential: string;
  readonly contexts: Context[];
  readonly uid: number;
  readonly orders: number[];
  readonly admin: boolean;
  readonly roams: boolean;
  sessions: number;
  /** Set for the user whose token is revoked: later sessions use `credential` (the new one). */
  retired?: { credential: string; at: number };
}

/** Build a log. Deterministic for a seed and options. */
export function generateLog(opts: GeneratorOptions = {}): GeneratedLog {
  const seed = opts.seed ?? 1;
  const rnd = mulberry32(seed);
  const ri = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(a: readonly T[]): T => a[ri(a.length)]!;
  const days = opts.days ?? 2;
  const start = opts.start ?? Date.UTC(2026, 2, 2);
  const end = start + days * 86_400_000;
  const benign = opts.benignLines ?? 50_000;
  const nUsers = opts.users ?? 200;
  const format = opts.format ?? 'json';
  const kinds = opts.kinds ?? ATTACK_KINDS;
  const perKind = opts.attacksPerKind ?? 1;

  const token = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += B62[ri(62)];
    return s;
  };
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const makeCredential = (name: string) =>
    rnd() < 0.4 ? `Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${b64({ sub: name, jti: token(12), iat: Math.floor(start / 1000) })}.${token(43)}` : rnd() < 0.5 ? `Bearer ${token(40)}` : `Bearer sk_live_${token(32)}`;
  const net = () => `${[81, 84, 90, 92, 109, 151, 176, 188, 212, 217][ri(10)]}.${1 + ri(250)}.${ri(255)}`;
  const office = '198.51.100.7';

  const users: User[] = [];
  for (let i = 0; i < nUsers; i++) {
    const name = `${FIRST[i % FIRST.length]}${i}`;
    const contexts: Context[] = [];
    if (rnd() < 0.15) contexts.push({ ip: office, ua: pick(BROWSERS) });
    else contexts.push({ ip: `${net()}.${1 + ri(250)}`, ua: pick(BROWSERS) });
    if (rnd() < 0.35) contexts.push({ ip: `${net()}.${1 + ri(250)}`, ua: pick(APPS) });
    const orders: number[] = [];
    for (let k = 0; k < 12; k++) orders.push(10_000 + ri(90_000));
    users.push({ name, password: token(10), credential: makeCredential(name), contexts, uid: 1000 + i, orders, admin: i % 97 === 5, roams: i % 10 === 3, sessions: 0 });
  }

  // --- benign sessions, merged through a min-heap on the next request's time ---
  interface Session {
    t: number;
    next(): GenRequest | undefined;
  }
  const heap: Session[] = [];
  const push = (s: Session) => {
    heap.push(s);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p]!.t <= heap[i]!.t) break;
      [heap[p], heap[i]] = [heap[i]!, heap[p]!];
      i = p;
    }
  };
  const pop = (): Session | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l]!.t < heap[m]!.t) m = l;
        if (r < heap.length && heap[r]!.t < heap[m]!.t) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    }
    return top;
  };

  const req = (t: number, c: Context, method: string, path: string, status: number, credential: string, extra: Partial<GenRequest> = {}): GenRequest => ({
    t,
    ip: c.ip,
    ua: c.ua,
    method,
    path,
    status,
    bytes: status >= 400 ? 60 + ri(80) : 200 + ri(4000),
    latency: 2 + ri(120),
    user: '',
    credential,
    body: '',
    ...extra,
  });
  const loginReq = (t: number, c: Context, name: string, ok: boolean, label?: AttackLabel): GenRequest =>
    req(t, c, 'POST', '/api/login', ok ? 200 : 401, '', { user: format === 'combined' ? name : '', body: JSON.stringify({ username: name, password: token(9) }), label });

  /** A user's session: a login (sometimes mistyped), then browsing with the token. */
  const userSession = (u: User, t0: number): Session => {
    const k = u.sessions++;
    let c = u.contexts[k % u.contexts.length]!;
    if (u.roams && t0 > start + 30 * 3_600_000 && rnd() < 0.3) c = { ip: `${net()}.${1 + ri(250)}`, ua: u.contexts[u.contexts.length - 1]!.ua };
    const plan: ((t: number) => GenRequest)[] = [];
    const mistypes = rnd() < 0.04 ? 1 + ri(3) : 0;
    for (let i = 0; i < mistypes; i++) plan.push((t) => loginReq(t, c, u.name, false));
    plan.push((t) => loginReq(t, c, u.name, true));
    const cred = u.retired && t0 >= u.retired.at ? u.credential : u.retired ? u.retired.credential : u.credential;
    const n = 4 + ri(30);
    let page = 1;
    for (let i = 0; i < n; i++) {
      const r = rnd();
      if (r < 0.3) {
        const p = page++;
        plan.push((t) => req(t, c, 'GET', `/api/items?page=${p}&size=20`, 200, cred));
      } else if (r < 0.55) {
        const id = pick(u.orders);
        plan.push((t) => req(t, c, 'GET', `/api/orders/${id}`, rnd() < 0.02 ? 404 : 200, cred));
      } else if (r < 0.65) plan.push((t) => req(t, c, 'GET', `/api/users/${u.uid}`, 200, cred));
      else if (r < 0.72) plan.push((t) => req(t, c, 'POST', '/api/orders', 201, cred));
      else if (r < 0.78) {
        const id = pick(u.orders);
        plan.push((t) => req(t, c, 'PUT', `/api/orders/${id}`, 200, cred));
      } else if (r < 0.9) plan.push((t) => req(t, c, 'GET', `/api/search?q=${token(5)}`, 200, cred));
      else plan.push((t) => req(t, c, 'GET', '/api/cart', rnd() < 0.05 ? 500 : 200, cred));
    }
    if (u.admin) {
      plan.push((t) => req(t, c, 'GET', '/api/admin/users', 200, cred));
      plan.push((t) => req(t, c, 'POST', `/api/admin/users/${1000 + ri(nUsers)}/roles`, 200, cred));
    }
    let i = 0;
    const s: Session = {
      t: t0,
      next() {
        const f = plan[i++];
        if (!f) return undefined;
        const r = f(s.t);
        s.t += 1500 + ri(20_000);
        return r;
      },
    };
    return s;
  };

  /** Requests at fixed times (the batch job, the reporting client, attacks). */
  const scripted = (reqs: GenRequest[]): Session => {
    reqs.sort((a, b) => a.t - b.t);
    let i = 0;
    const s: Session = {
      t: reqs[0]?.t ?? Infinity,
      next() {
        const r = reqs[i++];
        s.t = reqs[i]?.t ?? Infinity;
        return r;
      },
    };
    return s;
  };

  // nightly batch job: walks every order id with its service token
  const batch: Context = { ip: '10.20.0.5', ua: 'order-sync/2.1 (+internal)' };
  const batchCred = `Bearer svc_${token(36)}`;
  const reporting: Context = { ip: '10.20.0.9', ua: 'reporting-client/1.4' };
  const reportingCred = `Bearer svc_${token(36)}`;
  for (let d = 0; d < days; d++) {
    const night = start + d * 86_400_000 + 2 * 3_600_000;
    const reqs: GenRequest[] = [];
    for (let id = 1; id <= 1500; id++) reqs.push(req(night + id * 200, batch, 'GET', `/api/orders/${10_000 + id}`, 200, batchCred));
    push(scripted(reqs));
    const rep: GenRequest[] = [];
    for (let h = 0; h < 24; h++) for (let p = 1; p <= 40; p++) rep.push(req(start + d * 86_400_000 + h * 3_600_000 + 5 * 60_000 + p * 1000, reporting, 'GET', `/api/reports/daily?page=${p}`, 200, reportingCred));
    push(scripted(rep));
  }

  // --- attacks ---
  const labels: AttackLabel[] = [];
  const attackReqs: GenRequest[] = [];
  const span = end - start;
  const first = start + Math.min(26 * 3_600_000, span * 0.55);
  const last = end - Math.min(2 * 3_600_000, span * 0.05);
  const total = kinds.length * perKind;
  const revoked: string[] = [];
  let slot = 0;
  const attacker = () => ({ ip: `${[5, 31, 45, 62, 77, 103, 185, 193][ri(8)]}.${ri(255)}.${ri(255)}.${1 + ri(250)}`, ua: pick(['python-requests/2.31.0', 'curl/8.4.0', 'Go-http-client/1.1', 'okhttp/4.12.0']) });
  const victims = users.filter((u) => !u.admin && u.contexts.every((c) => c.ip !== office));
  let victimIdx = 0;
  const victim = () => victims[(victimIdx++ * 7 + 3) % victims.length]!;
  for (let rep = 0; rep < perKind; rep++) {
    for (const kind of kinds) {
      const t0 = first + Math.floor(((last - first) * slot) / Math.max(1, total)) + ri(60_000);
      slot++;
      const id = `${kind}#${rep + 1}`;
      const principals: string[] = [];
      const label: AttackLabel = { id, kind, expectedCheck: EXPECTED_CHECK[kind], start: t0, end: t0, principals, firstLine: 0, lastLine: 0, lines: 0 };
      const reqs: GenRequest[] = [];
      const a = attacker();
      switch (kind) {
        case 'brute-force': {
          const v = victim();
          principals.push(`account:${v.name}`, `source:${a.ip}`);
          for (let i = 0; i < 60; i++) reqs.push(loginReq(t0 + i * 3000, a, v.name, false, label));
          break;
        }
        case 'brute-force-distributed': {
          const v = victim();
          principals.push(`account:${v.name}`);
          for (let i = 0; i < 60; i++) {
            const src = attacker();
            principals.push(`source:${src.ip}`);
            reqs.push(loginReq(t0 + i * 8000, src, v.name, false, label));
          }
          break;
        }
        case 'password-spraying': {
          principals.push(`source:${a.ip}`);
          const targets = Array.from({ length: 30 }, () => victim());
          for (let round = 0; round < 2; round++) targets.forEach((v, i) => reqs.push(loginReq(t0 + round * 30 * 60_000 + i * 40_000, a, v.name, false, label)));
          break;
        }
        case 'credential-stuffing': {
          const n24 = `${[5, 45, 185][ri(3)]}.${ri(255)}.${ri(255)}`;
          principals.push(`network:${n24}.0/24`);
          const ua = pick(['Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1)', 'Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0']);
          principals.push(`client:${ua}`);
          for (let i = 0; i < 300; i++) {
            const src = { ip: `${n24}.${1 + ri(25)}`, ua };
            principals.push(`source:${src.ip}`);
            const real = i % 10 === 0;
            const name = real ? victim().name : `leak${ri(1_000_000)}@mail.example`;
            if (real) principals.push(`account:${name}`);
            reqs.push(loginReq(t0 + i * 1200, src, name, real && i % 50 === 0, label));
          }
          break;
        }
        case 'account-takeover': {
          const v = victim();
          principals.push(`account:${v.name}`, `source:${a.ip}`);
          for (let i = 0; i < 15; i++) reqs.push(loginReq(t0 + i * 5000, a, v.name, false, label));
          reqs.push(loginReq(t0 + 15 * 5000, a, v.name, true, label));
          break;
        }
        case 'object-enumeration': {
          const v = victim();
          const c = v.contexts[0]!;
          principals.push(`credential:${v.credential}`, `account:${v.name}`);
          for (let i = 0; i < 400; i++) reqs.push(req(t0 + i * 1200, c, 'GET', `/api/orders/${20_000 + i}`, i % 3 === 0 ? 200 : 403, v.credential, { label }));
          break;
        }
        case 'scraping': {
          const bot = { ip: a.ip, ua: 'Mozilla/5.0 (compatible; DataHarvester/1.0)' };
          principals.push(`source:${bot.ip}`);
          for (let i = 0; i < 2000; i++) reqs.push(req(t0 + i * 250, bot, 'GET', `/api/catalog/items?page=${i + 1}&size=100`, 200, '', { label }));
          break;
        }
        case 'token-new-context': {
          const v = victim();
          principals.push(`credential:${v.credential}`);
          for (let i = 0; i < 30; i++) reqs.push(req(t0 + i * 40_000, { ip: a.ip, ua: 'curl/8.4.0' }, 'GET', i % 2 ? `/api/users/${v.uid}` : `/api/orders/${pick(v.orders)}`, 200, v.credential, { label }));
          break;
        }
        case 'token-shared': {
          const v = victim();
          principals.push(`credential:${v.credential}`);
          const ua = v.contexts[0]!.ua;
          for (let i = 0; i < 40; i++) reqs.push(req(t0 + i * 6000, { ip: `${net()}.${1 + ri(250)}`, ua }, 'GET', `/api/items?page=${1 + (i % 5)}`, 200, v.credential, { label }));
          break;
        }
        case 'token-volume-spike': {
          const v = victim();
          principals.push(`credential:${v.credential}`);
          const c = v.contexts[0]!;
          for (let i = 0; i < 2500; i++) reqs.push(req(t0 + i * 200, c, 'GET', `/api/items?page=${1 + (i % 50)}&size=20`, 200, v.credential, { label }));
          break;
        }
        case 'token-privileged-use': {
          const v = victim();
          principals.push(`credential:${v.credential}`);
          const c = v.contexts[0]!;
          reqs.push(req(t0, c, 'GET', '/api/admin/users', 403, v.credential, { label }));
          reqs.push(req(t0 + 5000, c, 'GET', '/api/admin/export', 200, v.credential, { label }));
          reqs.push(req(t0 + 9000, c, 'POST', `/api/admin/users/${v.uid}/roles`, 200, v.credential, { label }));
          break;
        }
        case 'revoked-token-use': {
          const v = victim();
          const old = v.credential;
          v.retired = { credential: old, at: t0 - 3_600_000 };
          v.credential = makeCredential(v.name);
          revoked.push(`${old.replace(/^Bearer /, '')} ${new Date(v.retired.at).toISOString()}`);
          principals.push(`credential:${old}`);
          for (let i = 0; i < 10; i++) reqs.push(req(t0 + i * 30_000, a, 'GET', `/api/orders/${pick(v.orders)}`, 200, old, { label }));
          break;
        }
      }
      label.start = Math.min(...reqs.map((r) => r.t));
      label.end = Math.max(...reqs.map((r) => r.t));
      labels.push(label);
      attackReqs.push(...reqs);
    }
  }
  push(scripted(attackReqs));

  // Session arrivals: a diurnal curve (quiet at night, busiest mid-afternoon UTC).
  const avgSession = 19;
  const perMinute = benign / (days * 1440) / avgSession;
  const diurnal = (h: number) => 0.25 + 1.5 * Math.max(0, Math.sin(((h - 6) / 24) * 2 * Math.PI)) ** 2;
  let norm = 0;
  for (let h = 0; h < 24; h++) norm += diurnal(h) / 24;
  // Every user logs in early on day one (and once per context), so baselines cover their contexts.
  const arrivals = function* (): Generator<Session> {
    for (let m = 0; m < days * 1440; m++) {
      const t = start + m * 60_000;
      const lambda = (perMinute * diurnal(new Date(t).getUTCHours() + 0.5)) / norm;
      let n = Math.floor(lambda) + (rnd() < lambda - Math.floor(lambda) ? 1 : 0);
      while (n-- > 0) yield userSession(users[ri(users.length)]!, t + ri(60_000));
    }
  };

  const render = format === 'json' ? renderJson : renderCombined;
  function* lines(): Generator<string> {
    for (let i = 0; i < users.length; i++) {
      const u = users[i]!;
      for (let c = 0; c < u.contexts.length; c++) push(userSession(u, start + 60_000 + i * 50 + c * 3_600_000));
    }
    const arr = arrivals();
    let nextArrival = arr.next();
    let lineNo = 0;
    for (;;) {
      while (!nextArrival.done && (heap.length === 0 || nextArrival.value.t <= heap[0]!.t)) {
        push(nextArrival.value);
        nextArrival = arr.next();
      }
      const s = pop();
      if (!s) break;
      if (s.t >= end) continue;
      const r = s.next();
      if (r) {
        lineNo++;
        const l = r.label;
        if (l) {
          if (l.firstLine === 0) l.firstLine = lineNo;
          l.lastLine = lineNo;
          l.lines++;
        }
        yield render(r);
        if (s.t < end) push(s);
      }
    }
  }

  return { lines: { [Symbol.iterator]: lines }, labels, revokedList: revoked.map((r) => `${r}\n`).join(''), start, end };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

function clfTime(t: number): string {
  const d = new Date(t);
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

/** nginx JSON (`escape=json`) with the nginx preset's variable names. */
export function renderJson(r: GenRequest): string {
  return `{"time_iso8601":"${new Date(r.t).toISOString()}","remote_addr":"${r.ip}","remote_user":"${r.user || '-'}","request_method":"${r.method}","request_uri":${JSON.stringify(r.path)},"status":${r.status},"body_bytes_sent":${r.bytes},"request_time":${(r.latency / 1000).toFixed(3)},"http_user_agent":${JSON.stringify(r.ua)},"http_authorization":"${r.credential || '-'}","request_body":${JSON.stringify(r.body || '-')}}`;
}

/** nginx `combined` plus `$request_time` and `"$http_authorization"`. */
export function renderCombined(r: GenRequest): string {
  return `${r.ip} - ${r.user || '-'} [${clfTime(r.t)}] "${r.method} ${r.path} HTTP/1.1" ${r.status} ${r.bytes} "-" "${r.ua}" ${(r.latency / 1000).toFixed(3)} "${r.credential || '-'}"`;
}
