/**
 * Runs scan checks over an API surface. The HTTP client (the only I/O) and the clock are injected;
 * planning, request building and finding construction are pure.
 */
import type { CheckMeta } from '../../core/check.js';
import { createFinding } from '../../core/create.js';
import type { Finding, HttpExchangeEvidence, HttpLocation } from '../../core/finding.js';
import { excerpt, maskSecret, redactHeaders, redactText } from '../../core/mask.js';
import type { ProgressSink } from '../../core/progress.js';
import type { EngineRun, Notification } from '../../core/report.js';
import type { HttpClient } from '../../http/client.js';
import type { IdentityManager } from '../../http/identities.js';
import type { Credentials, HttpResponse } from '../../http/types.js';
import { bodyExample, parameterExample, preferredMediaType, seededRandom } from '../../surface/examples.js';
import type { ApiSurface, Operation } from '../../surface/model.js';
import type { BuildOptions, EvidenceExchange, IdentityInfo, ScanCheck, ScanContext, ScanFindingInput, ScanRequest } from './define.js';
import { ScanStopped, WRITE_METHODS } from './define.js';
import { HarvestStore, extractIds, resourceOf } from './harvest.js';
import type { OobClient } from './oob/client.js';
import { preflight } from './authz/preflight.js';
import { buildPermissionMatrix } from './authz/matrix.js';

export interface ScanEngineOptions {
  /** Base URL of the target. */
  readonly target: string;
  readonly surface: ApiSurface;
  readonly checks: readonly ScanCheck[];
  readonly client: HttpClient;
  readonly identities: IdentityManager;
  /** Identities checks should use by default (the first authenticated one is `ctx.identity`). */
  readonly selectedIdentities?: readonly string[];
  readonly seed?: number;
  /** `checks.<id>.options` from the config. */
  readonly checkOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly allowDestructive?: boolean;
  /** Check tasks run at once. */
  readonly parallel?: number;
  readonly signal?: AbortSignal;
  readonly progress?: ProgressSink;
  readonly now?: () => Date;
  readonly clock?: () => number;
  /** Notifications gathered before the engine ran (discovery, importers). */
  readonly notifications?: readonly Notification[];
  readonly extras?: Readonly<Record<string, unknown>>;
  /** Verify identities before probing (default: when two or more authenticated identities are configured). */
  readonly preflight?: boolean;
  /** Add the operations × identities permission matrix to the run's extras (default: with two or more authenticated identities). */
  readonly permissionMatrix?: boolean;
  /** Out-of-band listener handed to checks as `ctx.oob`. */
  readonly oob?: OobClient;
}

/** The context the engine itself uses for pre-flight and the permission matrix (not a check). */
const PREFLIGHT_META: CheckMeta = {
  id: 'scan/preflight',
  title: 'Identity pre-flight',
  severity: 'info',
  confidence: 'high',
  domain: 'authentication',
  owasp: [],
  cwe: ['CWE-287'],
  description: 'Engine step, not a check.',
  remediation: 'Fix the identity configuration.',
  references: ['https://owasp.org/API-Security/'],
  messages: {},
};

/** The base URL requests are built on: the target, plus the spec's server path when the target has none. */
export function effectiveBase(target: string, surface: ApiSurface): string {
  const t = new URL(target);
  const tPath = t.pathname.replace(/\/+$/, '');
  if (tPath) return `${t.origin}${tPath}`;
  const server = surface.servers[0];
  if (!server) return t.origin;
  let p = '';
  try {
    // only the path of a server URL is used: its host is never contacted unless it is the target
    p = new URL(server, 'http://placeholder.invalid').pathname.replace(/\/+$/, '');
  } catch {}
  if (p.includes('{')) p = '';
  return `${t.origin}${p}`;
}

/** Operations in producer-before-consumer order: collections and creates before `/{id}` reads, DELETE last. */
export function orderOperations(ops: readonly Operation[]): Operation[] {
  const rank = (op: Operation) => {
    const params = (op.path.match(/\{[^}]+\}/g) ?? []).length;
    const m = op.method === 'GET' ? 0 : op.method === 'POST' ? 1 : op.method === 'DELETE' ? 4 : 2;
    return (op.method === 'DELETE' ? 100 : 0) + params * 10 + m;
  };
  return [...ops].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/**
 * Whether an operation's baseline request is sent. Never for DELETE: a "baseline" DELETE would
 * destroy whatever object the harvested ids point at, which the scan did not create. Checks that
 * prove a DELETE flaw delete only objects they created themselves (and only with --allow-destructive).
 */
export function sendsBaseline(op: Operation, _allowDestructive: boolean): boolean {
  return op.method !== 'DELETE';
}

export interface PlanRow {
  readonly operation: string;
  readonly writes: boolean;
  readonly baseline: boolean;
  readonly checks: readonly { readonly id: string; readonly requests: number; readonly writes: boolean }[];
}

export interface ScanPlan {
  readonly base: string;
  readonly operations: readonly PlanRow[];
  readonly target: readonly { readonly id: string; readonly requests: number; readonly writes: boolean }[];
  readonly totalRequests: number;
  readonly writeRequests: number;
  /** Whether probes that change data the scan did not create are allowed (`--allow-destructive`). */
  readonly allowDestructive: boolean;
}

/** The request plan, without sending anything (`--plan`). Pure. */
export function planScan(target: string, surface: ApiSurface, checks: readonly ScanCheck[], allowDestructive = false): ScanPlan {
  let total = 0;
  let writes = 0;
  const rows: PlanRow[] = [];
  for (const op of orderOperations(surface.operations)) {
    const baseline = sendsBaseline(op, allowDestructive);
    const isWrite = WRITE_METHODS.has(op.method);
    if (baseline) {
      total++;
      if (isWrite) writes++;
    }
    const cs: { id: string; requests: number; writes: boolean }[] = [];
    for (const c of checks) {
      if (c.scope !== 'operation' || (c.appliesTo && !c.appliesTo(op))) continue;
      const e = c.plan(op);
      cs.push({ id: c.meta.id, requests: e.requests, writes: e.writes });
      total += e.requests;
      if (e.writes) writes += e.requests;
    }
    rows.push({ operation: op.key, writes: isWrite, baseline, checks: cs });
  }
  const tgt = checks.filter((c) => c.scope === 'target').map((c) => {
    const e = (c as Extract<ScanCheck, { scope: 'target' }>).plan(surface);
    total += e.requests;
    if (e.writes) writes += e.requests;
    return { id: c.meta.id, requests: e.requests, writes: e.writes };
  });
  return { base: effectiveBase(target, surface), operations: rows, target: tgt, totalRequests: total, writeRequests: writes, allowDestructive };
}

function encodePathValue(v: string): string {
  return encodeURIComponent(v);
}

/** Build a request for an operation from example values, harvested ids and overrides. Pure but for the store read. */
export function buildRequest(op: Operation, base: string, opts: BuildOptions, harvest: HarvestStore | undefined, random: () => number): ScanRequest {
  let path = op.path;
  for (const m of op.path.match(/\{[^}]+\}/g) ?? []) {
    const name = m.slice(1, -1);
    const p = op.parameters.find((x) => x.in === 'path' && x.name === name);
    const h = harvest?.match(op.path, name);
    const declared = p && (p.example !== undefined || (p.schema as Record<string, unknown> | undefined)?.example !== undefined);
    // an id of the same resource beats the spec's example; an id of another resource does not
    const v = opts.path?.[name] ?? (h && (h.strong || !declared) ? h.value : undefined) ?? (p ? parameterExample(p, random) : '1');
    path = path.replace(m, encodePathValue(v));
  }
  const url = new URL(base.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`));
  if (op.recorded && !opts.query) {
    try {
      for (const [k, v] of new URL(op.recorded.url).searchParams) url.searchParams.set(k, v);
    } catch {}
  }
  const headers: Record<string, string> = {};
  const cookies: Record<string, string> = {};
  for (const p of op.parameters) {
    if (p.in === 'path') continue;
    if (!p.required && opts.includeOptional === false) continue;
    if (p.in === 'query') {
      if (opts.query && Object.hasOwn(opts.query, p.name)) continue;
      url.searchParams.set(p.name, parameterExample(p, random));
    } else if (p.in === 'header') {
      if (/^(authorization|cookie|content-type|accept|content-length|host)$/i.test(p.name)) continue;
      headers[p.name] = parameterExample(p, random);
    } else if (p.in === 'cookie') cookies[p.name] = parameterExample(p, random);
  }
  for (const [k, v] of Object.entries(opts.query ?? {})) {
    if (v === undefined) url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  Object.assign(cookies, opts.cookies ?? {});
  if (Object.keys(cookies).length > 0) headers.cookie = Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ');
  if (op.recorded) {
    for (const [k, v] of Object.entries(op.recorded.headers)) {
      if (/^(authorization|cookie|host|content-length|connection|x-api-key|api-key|proxy-authorization)$/i.test(k)) continue;
      if (!Object.keys(headers).some((h) => h.toLowerCase() === k.toLowerCase())) headers[k] = v;
    }
  }
  let body: string | undefined;
  if (!opts.omitBody) {
    const mediaType = opts.contentType ?? preferredMediaType(op) ?? (op.recorded?.body !== undefined ? (Object.entries(op.recorded.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? 'application/json') : undefined);
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = serializeBody(opts.body, mediaType);
    else if (op.requestBody && op.requestBody.content.some((c) => c.schema || c.example !== undefined)) body = serializeBody(bodyExample(op, mediaType, random), mediaType);
    else if (op.recorded?.body !== undefined) body = op.recorded.body;
    if (body !== undefined && mediaType) {
      for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-type') delete headers[k];
      headers['content-type'] = mediaType.includes('multipart') ? `${mediaType}; boundary=rampartboundary` : mediaType;
    }
  }
  Object.assign(headers, opts.headers ?? {});
  return { method: op.method, url: url.href, headers, ...(body !== undefined ? { body } : {}), ...(opts.identity ? { identity: opts.identity } : {}) };
}

function serializeBody(value: unknown, mediaType: string | undefined): string {
  const mt = (mediaType ?? 'application/json').toLowerCase();
  if (mt.includes('x-www-form-urlencoded') && value && typeof value === 'object') {
    return new URLSearchParams(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)] as [string, string])).toString();
  }
  if (mt.includes('multipart') && value && typeof value === 'object') {
    let s = '';
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      s += `--rampartboundary\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${typeof v === 'object' ? JSON.stringify(v) : String(v)}\r\n`;
    }
    return `${s}--rampartboundary--\r\n`;
  }
  if (mt.includes('json')) return JSON.stringify(value ?? null);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Replace every known secret value in a text by its masked form. */
function scrub(text: string, secrets: ReadonlySet<string>): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4 && out.includes(s)) out = out.split(s).join(maskSecret(s));
  return redactText(out);
}

function scrubHeaders(h: Readonly<Record<string, string>>, secrets: ReadonlySet<string>): Record<string, string> {
  const r = redactHeaders(h);
  for (const k of Object.keys(r)) r[k] = scrub(r[k]!, secrets);
  return r;
}

/** An exchange as evidence: credentials masked, bodies cut. */
export function toEvidence(e: EvidenceExchange, secrets: ReadonlySet<string> = new Set()): HttpExchangeEvidence {
  const r = e.response;
  return {
    label: e.label,
    request: {
      method: r.request.method,
      url: scrub(r.request.url, secrets),
      headers: scrubHeaders(r.request.headers, secrets),
      ...(r.request.body !== undefined ? { body: excerpt(scrub(r.request.body, secrets), 2048) } : {}),
    },
    ...(r.status > 0
      ? {
          response: {
            status: r.status,
            headers: scrubHeaders(r.headers, secrets),
            body: excerpt(scrub(r.body, secrets), 2048),
            ...(r.truncated ? { size: r.size } : {}),
            timeMs: Math.round(r.timeMs),
          },
        }
      : {}),
  };
}

interface Task {
  readonly check: ScanCheck;
  readonly op?: Operation;
}

/** Run a scan. Never throws for target trouble: failures become notifications. */
export async function runScan(o: ScanEngineOptions): Promise<EngineRun> {
  const now = o.now ?? (() => new Date());
  const clock = o.clock ?? (() => performance.now());
  const startedAt = now().toISOString();
  const base = effectiveBase(o.target, o.surface);
  const random = seededRandom(o.seed ?? 1);
  const harvest = new HarvestStore();
  const secrets = new Set<string>();
  const notifications: Notification[] = [...(o.notifications ?? [])];
  const netErrors = new Map<string, { count: number; example: string }>();
  const findings = new Map<string, Finding>();
  const changes: { identity: string; request: string; what: string; restored: boolean }[] = [];
  const baselines = new Map<string, Promise<HttpResponse | undefined>>();
  const abort = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, abort.signal]) : abort.signal;
  let stopped: ScanStopped['reason'] | undefined;
  const progress = o.progress ?? (() => {});
  const extrasOut: Record<string, unknown> = {};
  const checkTimes: Record<string, number> = {};
  let baselineBytes = 0;

  const identityNames = o.identities.names();
  const identities: IdentityInfo[] = identityNames.map((name) => ({
    name,
    kind: o.identities.kindOf(name),
    authenticated: name !== 'anonymous',
    ...(o.identities.roleOf(name) ? { role: o.identities.roleOf(name)! } : {}),
    ...(o.identities.principalOf(name) ? { username: o.identities.principalOf(name)! } : {}),
  }));
  const selected = (o.selectedIdentities && o.selectedIdentities.length > 0 ? o.selectedIdentities : identityNames).filter((n) => n !== 'anonymous');
  const defaultIdentity = selected[0] ?? 'anonymous';

  const rememberCreds = (c: Credentials | undefined) => {
    for (const v of Object.values(c?.headers ?? {})) {
      secrets.add(v);
      const m = /^\w+\s+(.+)$/.exec(v);
      if (m) secrets.add(m[1]!);
      for (const part of v.split(/;\s*/)) {
        const eq = part.indexOf('=');
        if (eq > 0) secrets.add(part.slice(eq + 1));
      }
    }
    for (const v of Object.values(c?.query ?? {})) secrets.add(v);
  };

  const send = async (req: ScanRequest): Promise<HttpResponse> => {
    if (stopped) throw new ScanStopped(stopped);
    if (signal.aborted) throw new ScanStopped('aborted');
    const url = /^[a-z][a-z0-9+.-]*:/i.test(req.url) ? req.url : new URL(base.replace(/\/+$/, '') + (req.url.startsWith('/') ? req.url : `/${req.url}`)).href;
    const identity = req.identity ?? defaultIdentity;
    let creds = await o.identities.credentials(identity);
    rememberCreds(creds);
    let res = await o.client.send({ ...req, url, ...(creds ? { credentials: creds } : {}) });
    o.identities.noteResponse(identity, creds, res.status);
    if (res.status === 401 && creds && (await o.identities.refresh(identity, creds))) {
      creds = await o.identities.credentials(identity);
      rememberCreds(creds);
      res = await o.client.send({ ...req, url, ...(creds ? { credentials: creds } : {}) });
      o.identities.noteResponse(identity, creds, res.status);
    }
    if (res.error?.code === 'budget') {
      stopped = 'budget';
      throw new ScanStopped('budget');
    }
    if (res.error?.code === 'aborted') {
      stopped = 'aborted';
      throw new ScanStopped('aborted');
    }
    if (res.error) {
      let host = url;
      try {
        host = new URL(url).origin;
      } catch {}
      const k = `${res.error.code}\u0000${host}`;
      const e = netErrors.get(k) ?? { count: 0, example: `${req.method} ${url}: ${res.error.message}` };
      e.count++;
      netErrors.set(k, e);
    }
    if (res.status >= 200 && res.status < 300 && res.body) {
      try {
        harvest.add(extractIds(res.body, resourceOf(new URL(res.url).pathname)));
      } catch {}
    }
    return res;
  };

  const baseline = (op: Operation, identity?: string): Promise<HttpResponse | undefined> => {
    if (!sendsBaseline(op, Boolean(o.allowDestructive))) return Promise.resolve(undefined);
    const who = identity ?? defaultIdentity;
    const k = `${op.key}\u0000${who}`;
    let p = baselines.get(k);
    if (!p) {
      // every baseline stays cached for the whole scan; past 64 MB of cached bodies, later ones keep
      // only their first 16 KB, so a large API with large responses cannot exhaust memory
      p = send(buildRequest(op, base, { identity: who }, harvest, seededRandom((o.seed ?? 1) ^ hash(op.key)))).then((res) => {
        if (baselineBytes > 64 * 1024 * 1024 && res.body.length > 16 * 1024) res = { ...res, body: res.body.slice(0, 16 * 1024), truncated: true };
        baselineBytes += res.body.length;
        return res;
      });
      baselines.set(k, p);
    }
    return p;
  };

  const contextFor = (meta: CheckMeta): ScanContext => ({
    ...(o.oob ? { oob: o.oob } : {}),
    target: base,
    surface: o.surface,
    identities,
    identity: defaultIdentity,
    send,
    baseline,
    request: (op, opts = {}) => buildRequest(op, base, opts, harvest, seededRandom((o.seed ?? 1) ^ hash(op.key))),
    exampleBody: (op) => {
      const mt = preferredMediaType(op);
      if (!mt || !/json/i.test(mt)) return undefined;
      return bodyExample(op, mt, seededRandom((o.seed ?? 1) ^ hash(op.key)));
    },
    harvested: () => harvest.values(),
    random,
    now: clock,
    sleep: (ms) =>
      new Promise<void>((r) => {
        if (signal.aborted) return r();
        const t = setTimeout(done, ms);
        function done() {
          clearTimeout(t);
          signal.removeEventListener('abort', done);
          r();
        }
        signal.addEventListener('abort', done, { once: true });
      }),
    options: o.checkOptions?.[meta.id] ?? {},
    allowDestructive: Boolean(o.allowDestructive),
    signal,
    notify: (level, code, message) => notifications.push({ level, code, message, engine: 'scan', checkId: meta.id }),
    token: (identity) => o.identities.currentToken(identity),
    relogin: async (identity) => {
      const ok = await o.identities.relogin(identity);
      if (ok) rememberCreds(await o.identities.credentials(identity));
      return ok;
    },
    recordChange: (change) => {
      changes.push(change);
    },
  });

  const reporterFor = (check: ScanCheck, defaultOp?: Operation) => (input: ScanFindingInput) => {
    const op = input.op ?? defaultOp;
    const firstUrl = input.exchanges?.[0]?.response.request.url;
    let url = input.url ?? firstUrl ?? (op ? new URL(base.replace(/\/+$/, '') + op.path.replace(/[{}]/g, '')).href : base);
    url = scrub(url, secrets);
    const location: HttpLocation = {
      kind: 'http',
      method: (input.method ?? op?.method ?? input.exchanges?.[0]?.response.request.method ?? 'GET').toUpperCase(),
      path: input.path ?? op?.path ?? safePath(url),
      url,
      ...(op?.operationId ? { operationId: op.operationId } : {}),
      ...(input.parameter ? { parameter: input.parameter } : {}),
      ...(op?.source ? { spec: op.source } : {}),
    };
    const evidence = {
      ...(input.summary ? { summary: scrub(input.summary, secrets) } : {}),
      ...(input.payload ? { payload: input.payload } : {}),
      ...(input.exchanges && input.exchanges.length > 0 ? { exchanges: input.exchanges.map((e) => toEvidence(e, secrets)) } : {}),
      ...(input.facts ? { data: input.facts } : {}),
    };
    const f = createFinding(check.meta, {
      messageId: input.messageId,
      data: input.data,
      location,
      evidence: Object.keys(evidence).length > 0 ? evidence : undefined,
      severity: input.severity,
      confidence: input.confidence,
      key: input.key,
      title: input.title,
    });
    if (!findings.has(f.fingerprint)) findings.set(f.fingerprint, f);
  };

  const runTask = async (t: Task) => {
    if (stopped || signal.aborted) return;
    const ctx = contextFor(t.check.meta);
    const started = clock();
    try {
      if (t.check.scope === 'target') await t.check.run(ctx, reporterFor(t.check));
      else await t.check.run(t.op!, ctx, reporterFor(t.check, t.op));
    } catch (err) {
      if (err instanceof ScanStopped) {
        stopped ??= err.reason;
        return;
      }
      notifications.push({
        level: 'error',
        code: 'check-failed',
        engine: 'scan',
        checkId: t.check.meta.id,
        message: `${t.check.meta.id}${t.op ? ` on ${t.op.key}` : ''} failed: ${(err as Error)?.message ?? String(err)}`,
        ...(t.op ? { subject: t.op.key } : {}),
      });
    } finally {
      // time spent in each check (overlapping when checks run in parallel), for tuning slow scans
      checkTimes[t.check.meta.id] = (checkTimes[t.check.meta.id] ?? 0) + (clock() - started);
    }
  };

  const pool = async <T>(items: readonly T[], n: number, fn: (x: T) => Promise<void>, phase: string) => {
    let i = 0;
    let done = 0;
    const worker = async () => {
      while (i < items.length && !stopped && !signal.aborted) {
        const x = items[i++]!;
        await fn(x);
        done++;
        progress({ engine: 'scan', phase, done, total: items.length });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
  };

  const parallel = o.parallel ?? 8;
  const ordered = orderOperations(o.surface.operations);
  try {
    // producers first: one wave per path-parameter depth, so ids harvested at depth n fill depth n+1
    const depths = [...new Set(ordered.map((op) => (op.path.match(/\{/g) ?? []).length))].sort((a, b) => a - b);
    for (const d of depths) {
      const wave = ordered.filter((op) => (op.path.match(/\{/g) ?? []).length === d);
      await pool(
        wave,
        parallel,
        async (op) => {
          try {
            await baseline(op);
          } catch (err) {
            if (err instanceof ScanStopped) stopped ??= err.reason;
            else throw err;
          }
        },
        'baselines',
      );
    }
    // Authorization testing needs working, distinct identities: say so before any probe.
    const authenticated = identities.filter((i) => i.authenticated).length;
    if ((o.preflight ?? authenticated >= 2) && !stopped) {
      const pf = await preflight(contextFor(PREFLIGHT_META));
      if (pf.probe) extrasOut.preflight = pf;
    }
    const tasks: Task[] = [];
    for (const c of o.checks) if (c.scope === 'target') tasks.push({ check: c });
    for (const op of ordered) for (const c of o.checks) if (c.scope === 'operation' && (!c.appliesTo || c.appliesTo(op))) tasks.push({ check: c, op });
    // Exclusive checks change an identity's privileges or data: they run last, one at a time.
    await pool(tasks.filter((t) => !t.check.exclusive), parallel, runTask, 'checks');
    await pool(tasks.filter((t) => t.check.exclusive === true), 1, runTask, 'checks');
    await pool(tasks.filter((t) => t.check.exclusive === 'last'), 1, runTask, 'checks');
    if (authenticated >= 2 && !stopped && !signal.aborted && o.permissionMatrix !== false) {
      extrasOut.permissionMatrix = await buildPermissionMatrix(contextFor(PREFLIGHT_META));
    }
  } catch (err) {
    if (!(err instanceof ScanStopped)) throw err;
    stopped ??= err.reason;
  }

  for (const [k, e] of netErrors) {
    const [code, host] = k.split('\u0000');
    notifications.push({
      level: code === 'out-of-scope' ? 'note' : 'warning',
      code: code === 'out-of-scope' ? 'out-of-scope' : 'request-failed',
      engine: 'scan',
      subject: host,
      message: `${e.count} request(s) to ${host} failed (${code}), e.g. ${scrub(e.example, secrets)}`,
    });
  }
  for (const p of o.identities.loginProblems()) {
    notifications.push({ level: 'warning', code: 'identity-relogin-failed', engine: 'scan', subject: p.name, message: `identity "${p.name}" could not log in again after a 401 (the earlier token was kept): ${p.message}` });
  }
  if (stopped === 'budget') notifications.push({ level: 'warning', code: 'budget-exhausted', engine: 'scan', message: 'the request budget was exhausted: the scan stopped early and the report is partial' });
  if (stopped === 'aborted' || o.signal?.aborted) notifications.push({ level: 'warning', code: 'interrupted', engine: 'scan', message: 'the scan was interrupted: the report is partial' });

  const s = o.client.stats;
  return {
    engine: 'scan',
    target: o.target,
    startedAt,
    finishedAt: now().toISOString(),
    checks: o.checks.map((c) => c.meta),
    findings: [...findings.values()],
    notifications,
    stats: {
      operations: o.surface.operations.length,
      checks: o.checks.length,
      requests: s.sent,
      failedRequests: s.failed,
      retries: s.retried,
      blockedOutOfScope: s.blocked,
      bytesReceived: s.bytes,
      harvestedIds: harvest.values().length,
      surface: o.surface.sourceKind,
    },
    extras: {
      ...(o.extras ?? {}),
      ...extrasOut,
      ...(changes.length > 0 ? { changes } : {}),
      checkTimeMs: Object.fromEntries(Object.entries(checkTimes).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round(v)])),
    },
  };
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
