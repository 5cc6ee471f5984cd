import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { ToolError } from '../../core/errors.js';
import { identitySchema } from '../../http/identities.js';
import type { IdentityConfig } from '../../http/identities.js';
import { scanTarget } from '../../engines/scan/load.js';
import allScanChecks from '../../engines/scan/checks/index.js';
import type { ScanPlan } from '../../engines/scan/engine.js';
import { addOutputOptions, finish, loadConfig, progressSink } from '../common.js';
import type { OutputOptions } from '../common.js';
import { registerConfigSection } from '../config-schema.js';
import type { CliContext } from '../context.js';
import type { DemoContext, DemoStep } from '../demo-steps.js';

registerConfigSection('scan', {
  description: 'Settings of `rampart scan` (docs/config.md).',
  type: 'object',
  additionalProperties: false,
  properties: {
    identities: {
      description: 'Named identities; `anonymous` always exists and needs no entry.',
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z0-9_.-]+$', not: { const: 'anonymous' } },
      additionalProperties: identitySchema,
    },
    identity: { description: 'Identities used by default (like --identity).', type: 'array', items: { type: 'string' } },
    scope: { description: 'Extra hosts that may be contacted (like --scope).', type: 'array', items: { type: 'string' } },
    spec: { type: 'string' },
    har: { type: 'string' },
    postman: { type: 'string' },
    concurrency: { type: 'integer', minimum: 1, maximum: 256 },
    rps: { type: 'number', exclusiveMinimum: 0 },
    budget: { type: 'integer', minimum: 1 },
    timeoutMs: { type: 'integer', minimum: 100 },
    connectTimeoutMs: { type: 'integer', minimum: 100 },
    maxResponseBytes: { type: 'integer', minimum: 1024 },
    allowDestructive: { type: 'boolean' },
    registerUsers: { type: 'boolean' },
    graphqlSchema: { type: 'string' },
    seed: { type: 'integer' },
    checks: { description: 'Scan check ids to run (default: all).', type: 'array', items: { type: 'string' } },
  },
});

interface ScanOptions extends OutputOptions {
  spec?: string;
  har?: string;
  postman?: string;
  identity?: string[];
  scope?: string[];
  concurrency?: number;
  rps?: number;
  checks?: string[];
  budget?: number;
  plan?: boolean;
  harOut?: string;
  allowDestructive?: boolean;
  registerUsers?: boolean;
  graphqlSchema?: string;
  seed?: number;
  timeout?: number;
  callbackUrl?: string;
  oob?: boolean;
}

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), ...v.split(',').map((s) => s.trim()).filter(Boolean)];
const positiveInt = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new ToolError('E_USAGE', `${name} must be a positive integer, got "${v}"`);
  return n;
};
const positiveNumber = (name: string) => (v: string) => {
  const n = Number(v);
  if (!(n > 0)) throw new ToolError('E_USAGE', `${name} must be a positive number, got "${v}"`);
  return n;
};

/** `${NAME}` in identity values is read from the environment, so secrets stay out of the config file. */
export function expandEnv<T>(value: T, env: Readonly<Record<string, string | undefined>>): T {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined) throw new ToolError('E_CONFIG_INVALID', `identity value refers to the environment variable ${name}, which is not set`);
      return v;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v) => expandEnv(v, env)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, env)])) as T;
  return value;
}

/** The request plan as text. */
export function renderPlan(plan: ScanPlan): string {
  const lines: string[] = [];
  lines.push(`Scan plan for ${plan.base}`);
  lines.push(`${plan.operations.length} operation(s), about ${plan.totalRequests} request(s), of which ${plan.writeRequests} write (POST/PUT/PATCH/DELETE). Nothing was sent.`);
  lines.push(
    plan.allowDestructive
      ? 'Destructive probes: ON (--allow-destructive): writes to privileged fields and to objects the scan did not create, DELETE of objects it created; undone where possible and listed in the report.'
      : 'Destructive probes: OFF. Writes to privileged fields and to objects the scan did not create, and DELETE probes, are skipped (add --allow-destructive).',
  );
  lines.push('');
  for (const r of plan.operations) {
    const n = r.checks.reduce((a, c) => a + c.requests, 0) + (r.baseline ? 1 : 0);
    lines.push(`${r.writes ? 'W' : ' '} ${r.operation}  ${n} request(s)${r.baseline ? '' : ' (no baseline: a DELETE is never sent as one)'}`);
    for (const c of r.checks) lines.push(`      ${c.id}: ${c.requests}${c.writes ? ' (writes)' : ''}`);
  }
  if (plan.target.length > 0) {
    lines.push('');
    lines.push('Target-wide checks:');
    for (const c of plan.target) lines.push(`      ${c.id}: ${c.requests}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `rampart scan <base-url>`: dynamic testing of a running API. */
export function registerScan(program: Command, ctx: CliContext): void {
  addOutputOptions(
    program
      .command('scan')
      .description('scan a running API: misconfiguration, data exposure, input handling (and the injection and access-control checks)')
      .argument('<base-url>', 'the API to scan, e.g. http://127.0.0.1:8080 (only this origin and --scope hosts are contacted)')
      .option('--spec <file|url>', 'OpenAPI 2.0/3.0/3.1 document (JSON or YAML)')
      .option('--har <file>', 'HAR 1.2 recording to take operations from')
      .option('--postman <file>', 'Postman collection v2.1 to take operations from')
      .addOption(new Option('--identity <name>', 'identity from the config to use (repeatable); `anonymous` always exists').argParser(collect))
      .addOption(new Option('--scope <host>', 'another host that may be contacted (repeatable): host, host:port or origin').argParser(collect))
      .addOption(new Option('--concurrency <n>', 'requests in flight at most (default 8)').argParser(positiveInt('--concurrency')))
      .addOption(new Option('--rps <n>', 'requests per second per host at most').argParser(positiveNumber('--rps')))
      .addOption(new Option('--checks <ids>', 'comma-separated scan check ids to run (default: all)').argParser(collect))
      .addOption(new Option('--budget <n>', 'stop after this many requests (the report says it is partial)').argParser(positiveInt('--budget')))
      .addOption(new Option('--timeout <ms>', 'time for one exchange (default 15000)').argParser(positiveInt('--timeout')))
      .addOption(new Option('--seed <n>', 'seed for example values and probe markers (default 1)').argParser(positiveInt('--seed')))
      .option('--allow-destructive', 'also send the probes that change data the scan did not create (writes to privileged fields, other identities\' objects, DELETE of created objects); undone where possible and listed in the report')
      .option('--graphql-schema <file>', 'GraphQL SDL file for the GraphQL checks (when introspection is off)')
      .option('--register-users', 'register two throw-away users through the API\'s own registration operation and use them as identities')
      .option('--plan', 'print the request plan (operations, checks, request counts, writes) and send nothing; JSON with --format json')
      .option('--har-out <file>', 'record every exchange into a HAR file (credentials masked)')
      .option('--callback-url <url>', 'public URL that forwards to the out-of-band listener (SSRF, XXE, mail checks), for targets that cannot reach this machine directly')
      .option('--no-oob', 'do not start the out-of-band listener (SSRF, XXE and mail-based checks then find nothing)'),
  ).action(async (baseUrl: string, opts: ScanOptions) => {
    const config = await loadConfig(opts, ctx);
    const sc = (config.scan ?? {}) as Record<string, unknown>;
    const identities = expandEnv((sc.identities ?? {}) as Record<string, IdentityConfig>, ctx.env);
    const checkSettings = (config.checks ?? {}) as Record<string, { options?: Record<string, unknown> }>;
    const checkOptions: Record<string, Record<string, unknown>> = Object.fromEntries(Object.entries(checkSettings).filter(([, v]) => v.options).map(([k, v]) => [k, v.options!]));
    const sdlFile = opts.graphqlSchema ?? (sc.graphqlSchema as string | undefined);
    if (sdlFile) {
      // An SDL file stands in for introspection: every GraphQL check gets it as its `sdl` option.
      let sdl: string;
      try {
        sdl = readFileSync(resolve(ctx.cwd, sdlFile), 'utf8');
      } catch (err) {
        throw new ToolError('E_INPUT_MISSING', `cannot read the GraphQL schema ${sdlFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { position: { file: sdlFile } });
      }
      for (const c of allScanChecks) if (c.meta.id.startsWith('scan/graphql-')) checkOptions[c.meta.id] = { sdl, ...(checkOptions[c.meta.id] ?? {}) };
    }
    const progress = progressSink(opts, ctx);
    const spec = opts.spec ?? (sc.spec as string | undefined);
    try {
      const result = await scanTarget({
        target: baseUrl,
        ...(spec ? { spec: /^https?:\/\//i.test(spec) ? spec : resolve(ctx.cwd, spec) } : {}),
        ...((opts.har ?? sc.har) ? { har: resolve(ctx.cwd, (opts.har ?? sc.har) as string) } : {}),
        ...((opts.postman ?? sc.postman) ? { postman: resolve(ctx.cwd, (opts.postman ?? sc.postman) as string) } : {}),
        identities,
        ...((opts.identity ?? sc.identity) ? { selected: (opts.identity ?? sc.identity) as string[] } : {}),
        scope: [...((sc.scope as string[] | undefined) ?? []), ...(opts.scope ?? [])],
        concurrency: opts.concurrency ?? (sc.concurrency as number | undefined) ?? 8,
        ...((opts.rps ?? sc.rps) ? { rps: (opts.rps ?? sc.rps) as number } : {}),
        ...((opts.budget ?? sc.budget) ? { budget: (opts.budget ?? sc.budget) as number } : {}),
        timeoutMs: opts.timeout ?? (sc.timeoutMs as number | undefined) ?? 15_000,
        ...(sc.connectTimeoutMs ? { connectTimeoutMs: sc.connectTimeoutMs as number } : {}),
        ...(sc.maxResponseBytes ? { maxResponseBytes: sc.maxResponseBytes as number } : {}),
        ...((opts.checks ?? sc.checks) ? { checks: (opts.checks ?? sc.checks) as string[] } : {}),
        checkOptions,
        allowDestructive: Boolean(opts.allowDestructive ?? sc.allowDestructive),
        registerUsers: Boolean(opts.registerUsers ?? sc.registerUsers),
        seed: opts.seed ?? (sc.seed as number | undefined) ?? 1,
        planOnly: Boolean(opts.plan),
        ...(opts.harOut ? { harOut: resolve(ctx.cwd, opts.harOut) } : {}),
        ...(opts.callbackUrl ? { callbackUrl: opts.callbackUrl } : {}),
        oob: opts.oob !== false,
        signal: ctx.signal,
        progress,
        now: ctx.now,
        cwd: ctx.cwd,
      });
      progress.end();
      if (opts.plan || !result.run) {
        ctx.stdout.write((opts.format ?? []).includes('json') ? `${JSON.stringify(result.plan, null, 2)}\n` : renderPlan(result.plan));
        ctx.exitCode = 0;
        return;
      }
      const { exitCode } = await finish([result.run], opts, config, ctx);
      ctx.exitCode = ctx.signal.aborted ? Math.max(exitCode, 130) : exitCode;
    } finally {
      progress.end();
    }
  });
}

/** The example API's seeded accounts as login identities (the demo's scan and the example-API tests). */
export function exampleIdentities(users: DemoContext['users']): Record<'alice' | 'bob' | 'admin', IdentityConfig> {
  const login = (u: { username: string; password: string }, role: string): IdentityConfig => ({
    type: 'login',
    role,
    username: u.username,
    request: { method: 'POST', url: '/api/auth/login', body: { username: u.username, password: u.password } },
    token: { pointer: '/token' },
  });
  return { alice: login(users.alice, 'user'), bob: login(users.bob, 'user'), admin: login(users.admin, 'admin') };
}

/** `rampart demo`'s scan step: the bundled API with its spec, logging in as the seeded users. */
export const scanDemoStep: DemoStep = {
  engine: 'scan',
  description: 'scan the running example API (OpenAPI spec, alice, bob and admin logged in)',
  async run(d) {
    const { run } = await scanTarget({
      target: d.baseUrl,
      spec: d.specFile,
      identities: exampleIdentities(d.users),
      selected: ['alice', 'bob', 'admin'],
      // The demo opts in to the authorization probes that write (it owns the example's data).
      allowDestructive: true,
      concurrency: 8,
      timeoutMs: 10_000,
      signal: d.signal,
      progress: d.progress,
    });
    return run!;
  },
};
