/**
 * The scan's I/O edge: read the API description (OpenAPI file or URL, HAR, Postman, or discovery),
 * set up the HTTP client, scope and identities, and run the engine. Used by `rampart scan` and the demo.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { ToolError } from '../../core/errors.js';
import type { ProgressSink } from '../../core/progress.js';
import type { EngineRun, Notification } from '../../core/report.js';
import { HttpClient } from '../../http/client.js';
import { OobListener } from './oob/listener.js';
import { IdentityManager } from '../../http/identities.js';
import type { IdentityConfig } from '../../http/identities.js';
import { HarRecorder } from '../../http/recorder.js';
import { ScopeGuard } from '../../http/scope.js';
import { discover } from '../../surface/discover.js';
import { seededRandom } from '../../surface/examples.js';
import { loadHarText } from '../../surface/har.js';
import type { ApiSurface, Operation } from '../../surface/model.js';
import { loadOpenApiFile, loadOpenApiText } from '../../surface/openapi.js';
import { loadPostmanText } from '../../surface/postman.js';
import { readDocumentFile } from '../../surface/source.js';
import allChecks from './checks/index.js';
import type { ScanCheck } from './define.js';
import { effectiveBase, planScan, runScan } from './engine.js';
import { registerThrowawayUsers } from './authz/register.js';
import type { ScanPlan } from './engine.js';

export interface ScanTargetOptions {
  readonly target: string;
  readonly spec?: string;
  readonly har?: string;
  readonly postman?: string;
  readonly identities?: Readonly<Record<string, IdentityConfig>>;
  /** Identities to use by default (`--identity`); default: all configured. */
  readonly selected?: readonly string[];
  readonly scope?: readonly string[];
  readonly concurrency?: number;
  readonly rps?: number;
  readonly budget?: number;
  readonly timeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly maxResponseBytes?: number;
  /** Check ids (`scan/cors-misconfiguration` or `cors-misconfiguration`); default: all. */
  readonly checks?: readonly string[];
  readonly checkOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly allowDestructive?: boolean;
  readonly seed?: number;
  /** Only compute the plan; nothing is sent. */
  readonly planOnly?: boolean;
  readonly harOut?: string;
  /** Public URL of the out-of-band listener (`--callback-url`); default: its loopback address. */
  readonly callbackUrl?: string;
  /** Run the out-of-band listener (default true). */
  readonly oob?: boolean;
  readonly signal?: AbortSignal;
  readonly progress?: ProgressSink;
  readonly now?: () => Date;
  /** Base directory for relative file names. */
  readonly cwd?: string;
  /** Register two throw-away users through the API's registration operation and use them as identities. */
  readonly registerUsers?: boolean;
}

export interface ScanTargetResult {
  readonly plan: ScanPlan;
  /** Undefined with `planOnly`. */
  readonly run?: EngineRun;
  readonly surface: ApiSurface;
}

/** Pick checks by id; unknown ids are a usage error. */
export function selectChecks(ids: readonly string[] | undefined, checks: readonly ScanCheck[] = allChecks): ScanCheck[] {
  if (!ids || ids.length === 0) return [...checks];
  const byId = new Map(checks.map((c) => [c.meta.id, c]));
  const out: ScanCheck[] = [];
  for (const raw of ids) {
    const id = raw.includes('/') ? raw : `scan/${raw}`;
    const c = byId.get(id);
    if (!c) throw new ToolError('E_USAGE', `unknown scan check "${raw}" (known: ${[...byId.keys()].join(', ')})`);
    out.push(c);
  }
  return out;
}

function mergeSurfaces(list: readonly ApiSurface[]): ApiSurface {
  if (list.length === 1) return list[0]!;
  // Keyed without parameter names, so a recorded `/users/{id}` meets the spec's `/users/{userId}`;
  // the first source's operation wins, and keeps the recorded exchange of a later one (the user flows).
  const keyOf = (o: Operation) => `${o.method} ${o.path.replace(/\{[^}]+\}/g, '{}')}`;
  const ops = new Map<string, Operation>();
  for (const s of list) {
    for (const o of s.operations) {
      const k = keyOf(o);
      const had = ops.get(k);
      if (!had) ops.set(k, o);
      else if (!had.recorded && o.recorded) ops.set(k, { ...had, recorded: o.recorded });
    }
  }
  return {
    sourceKind: list.map((s) => s.sourceKind).join('+'),
    servers: list.flatMap((s) => s.servers),
    securitySchemes: Object.assign({}, ...list.map((s) => s.securitySchemes)),
    operations: [...ops.values()],
    ...(list[0]?.title ? { title: list[0].title } : {}),
  };
}

/** Spec positions relative to the working directory (as SARIF and reviewers expect). */
function relativeSources(s: ApiSurface, cwd: string | undefined): ApiSurface {
  if (!cwd) return s;
  const rel = (f: string) => (isAbsolute(f) ? relative(cwd, f).split(sep).join('/') : f);
  return {
    ...s,
    ...(s.sourceFile ? { sourceFile: rel(s.sourceFile) } : {}),
    operations: s.operations.map((op) => (op.source ? { ...op, source: { ...op.source, file: rel(op.source.file) } } : op)),
  };
}

/**
 * The largest HAR recording or Postman collection read: recordings with bodies grow large, but past
 * this the text nears V8's longest string and JSON.parse needs gigabytes. A pipe or a device is
 * read up to it, not forever.
 */
const MAX_RECORDING_BYTES = 256 * 1024 * 1024;

function readText(path: string, tooLarge: 'E_HAR_PARSE' | 'E_POSTMAN_PARSE'): string {
  try {
    return readDocumentFile(path, tooLarge, MAX_RECORDING_BYTES);
  } catch (err) {
    if (err instanceof ToolError) throw err;
    throw new ToolError('E_INPUT_MISSING', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { position: { file: path }, cause: err });
  }
}

/** Validate the target URL (a usage error otherwise). */
export function parseTarget(target: string): URL {
  let u: URL;
  try {
    u = new URL(target);
  } catch {
    throw new ToolError('E_USAGE', `the target must be an http(s) URL, got "${target}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ToolError('E_USAGE', `the target must be an http(s) URL, got "${target}"`);
  return u;
}

/** Load the surface, check the target is reachable, and run (or only plan) the scan. */
export async function scanTarget(o: ScanTargetOptions): Promise<ScanTargetResult> {
  const targetUrl = parseTarget(o.target);
  const target = targetUrl.href.replace(/\/$/, '') || targetUrl.origin;
  const scope = new ScopeGuard(target, o.scope ?? []);
  const notifications: Notification[] = [];
  const recorder = o.harOut ? new HarRecorder({ file: o.harOut }) : undefined;
  let oob: OobListener | undefined;
  const client = new HttpClient({
    scope,
    concurrency: o.concurrency ?? 8,
    ...(o.rps ? { rps: o.rps } : {}),
    ...(o.budget !== undefined ? { budget: o.budget } : {}),
    timeoutMs: o.timeoutMs ?? 15_000,
    connectTimeoutMs: o.connectTimeoutMs ?? 5_000,
    ...(o.maxResponseBytes ? { maxBytes: o.maxResponseBytes } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(recorder ? { onExchange: (res, started) => recorder.record(res, started) } : {}),
  });
  try {
    const checks = selectChecks(o.checks);
    const surfaces: ApiSurface[] = [];
    const identities: Record<string, IdentityConfig> = {};
    const resolve = (p: string) => (o.cwd && !p.startsWith('/') ? `${o.cwd}/${p}` : p);
    if (o.spec) {
      if (/^https?:\/\//i.test(o.spec)) {
        if (!scope.allows(o.spec)) throw new ToolError('E_USAGE', `the spec URL ${o.spec} is outside the scan scope (${scope.describe()}); add its host with --scope`);
        if (o.planOnly) throw new ToolError('E_USAGE', '--plan sends nothing, so --spec must be a file, not a URL');
        const res = await client.send({ method: 'GET', url: o.spec, headers: { accept: 'application/json, application/yaml, */*' }, maxBytes: 64 * 1024 * 1024 });
        if (res.status !== 200) throw new ToolError(res.status === 0 ? 'E_TARGET_UNREACHABLE' : 'E_INPUT_MISSING', `cannot fetch the spec ${o.spec}: ${res.status === 0 ? res.error?.message : `status ${res.status}`}`);
        surfaces.push(loadOpenApiText(res.body, o.spec, { readFile: () => { throw new ToolError('E_SPEC_UNSUPPORTED', `${o.spec}: external $refs are not followed for a spec fetched by URL`); } }).surface);
      } else surfaces.push((await loadOpenApiFile(resolve(o.spec))).surface);
    }
    if (o.har) surfaces.push(loadHarText(readText(resolve(o.har), 'E_HAR_PARSE'), o.har, { origin: targetUrl.origin }).surface);
    if (o.postman) {
      const p = loadPostmanText(readText(resolve(o.postman), 'E_POSTMAN_PARSE'), o.postman);
      surfaces.push(p.surface);
      Object.assign(identities, p.identities);
      if (p.unresolved.length > 0) notifications.push({ level: 'warning', code: 'postman-unresolved-variables', engine: 'scan', subject: o.postman, message: `variables without a value: ${p.unresolved.join(', ')}` });
    }
    Object.assign(identities, o.identities ?? {});
    for (const n of o.selected ?? []) {
      if (n !== 'anonymous' && !identities[n]) throw new ToolError('E_IDENTITY', `unknown identity "${n}" (configured: ${['anonymous', ...Object.keys(identities)].join(', ')})`);
    }

    let surface: ApiSurface = surfaces.length > 0 ? relativeSources(mergeSurfaces(surfaces), o.cwd) : { sourceKind: 'discovered', servers: [], securitySchemes: {}, operations: [] };
    if (o.planOnly) return { plan: planScan(target, surface, checks, o.allowDestructive), surface };

    const probe = await client.send({ method: 'GET', url: target, followRedirects: false });
    if (probe.status === 0 && probe.error && ['connection-refused', 'dns', 'connect-timeout', 'timeout', 'connection-reset', 'other'].includes(probe.error.code)) {
      throw new ToolError('E_TARGET_UNREACHABLE', `the target ${target} is unreachable: ${probe.error.message}`);
    }
    if (surfaces.length === 0) {
      o.progress?.({ engine: 'scan', phase: 'discovering', done: 0 });
      const found = await discover(
        async (r) => {
          const res = await client.send({ method: r.method, url: `${targetUrl.origin}${r.path}`, headers: r.headers ?? {}, ...(r.body ? { body: r.body } : {}), maxBytes: 16 * 1024 * 1024 });
          return { status: res.status, headers: res.headers, body: res.body, url: res.url };
        },
        { random: seededRandom(o.seed ?? 1) },
      );
      if (found.surface) {
        surface = found.surface;
        const doc = found.docs.find((d) => d.kind === 'openapi');
        notifications.push({ level: 'note', code: 'surface-discovered', engine: 'scan', subject: doc?.url, message: `no spec given: using the API description found at ${doc?.path} (${surface.operations.length} operations)` });
      } else {
        notifications.push({ level: 'warning', code: 'surface-not-found', engine: 'scan', subject: target, message: 'no spec given and none found at the well-known documentation paths: only target-wide checks ran (give --spec, --har or --postman)' });
      }
    }
    const plan = planScan(target, surface, checks, o.allowDestructive);
    const created: string[] = [];
    if (o.registerUsers) {
      const reg = await registerThrowawayUsers(surface, effectiveBase(target, surface), (r) => client.send(r), seededRandom((o.seed ?? 1) + 7919));
      if ('error' in reg) throw new ToolError('E_IDENTITY', `--register-users: ${reg.error}`);
      for (const [name, cfg] of Object.entries(reg.identities)) if (!identities[name]) identities[name] = cfg;
      created.push(...reg.created);
      notifications.push({ level: 'note', code: 'users-registered', engine: 'scan', message: `registered for this scan: ${reg.created.join('; ')}` });
    }
    const idm = new IdentityManager(identities, client, target);
    // log every identity in before the scan: a broken login is a config error, not 1000 failed checks
    for (const name of idm.names()) await idm.credentials(name);
    oob = o.oob === false ? undefined : await new OobListener(o.callbackUrl ? { callbackUrl: o.callbackUrl } : {}).start();
    const run = await runScan({
      ...(oob ? { oob } : {}),
      target,
      surface,
      checks,
      client,
      identities: idm,
      ...(o.selected ? { selectedIdentities: o.selected } : {}),
      seed: o.seed ?? 1,
      ...(o.checkOptions ? { checkOptions: o.checkOptions } : {}),
      allowDestructive: o.allowDestructive ?? false,
      parallel: o.concurrency ?? 8,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.progress ? { progress: o.progress } : {}),
      ...(o.now ? { now: o.now } : {}),
      notifications,
      extras: { ...(created.length > 0 ? { createdIdentities: created } : {}), plannedRequests: plan.totalRequests, surfaceSource: surface.sourceKind, ...(surface.sourceFile ? { surfaceFile: surface.sourceFile } : {}) },
    });
    return { plan, run, surface };
  } finally {
    recorder?.close();
    await oob?.stop();
    await client.close();
  }
}
