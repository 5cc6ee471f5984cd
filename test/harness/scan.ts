/**
 * Shared helpers to test scan checks end to end against real servers on 127.0.0.1.
 * See src/engines/scan/README.md.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Finding } from '../../src/core/finding.js';
import type { EngineRun, Notification } from '../../src/core/report.js';
import { HttpClient } from '../../src/http/client.js';
import type { ClientOptions } from '../../src/http/client.js';
import { IdentityManager } from '../../src/http/identities.js';
import type { IdentityConfig } from '../../src/http/identities.js';
import { ScopeGuard } from '../../src/http/scope.js';
import type { ScanCheck } from '../../src/engines/scan/define.js';
import { runScan } from '../../src/engines/scan/engine.js';
import type { ApiSurface, HttpMethod, Operation, Parameter, Schema } from '../../src/surface/model.js';

export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Requests received, as `METHOD /path?query`. */
  readonly seen: string[];
  close(): Promise<void>;
}

/** Start a `node:http` server on 127.0.0.1 (or another loopback address) on an ephemeral port. */
export async function startServer(handler: (req: IncomingMessage, res: ServerResponse, body: string) => unknown, host = '127.0.0.1'): Promise<TestServer> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size < 4 * 1024 * 1024) chunks.push(c);
    });
    req.on('end', () => {
      Promise.resolve(handler(req, res, Buffer.concat(chunks).toString('utf8'))).catch(() => {
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
    });
    req.on('error', () => {});
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface OpSpec {
  readonly operationId?: string;
  readonly query?: readonly (string | Parameter)[];
  readonly headers?: readonly string[];
  /** JSON request body schema (application/json). */
  readonly body?: Schema;
  readonly bodyRequired?: boolean;
  /** Response schemas by status (application/json). */
  readonly responses?: Readonly<Record<string, Schema | undefined>>;
  readonly security?: Operation['security'];
  readonly source?: Operation['source'];
  readonly mediaType?: string;
}

/** An operation literal for tests. Path parameters come from the template. */
export function op(method: HttpMethod, path: string, spec: OpSpec = {}): Operation {
  const params: Parameter[] = [];
  for (const m of path.match(/\{[^}]+\}/g) ?? []) params.push({ name: m.slice(1, -1), in: 'path', required: true, schema: { type: 'string' } });
  for (const q of spec.query ?? []) params.push(typeof q === 'string' ? { name: q, in: 'query', required: false, schema: { type: 'string' } } : q);
  for (const h of spec.headers ?? []) params.push({ name: h, in: 'header', required: false, schema: { type: 'string' } });
  return {
    key: `${method} ${path}`,
    method,
    path,
    ...(spec.operationId ? { operationId: spec.operationId } : {}),
    tags: [],
    deprecated: false,
    servers: [],
    parameters: params,
    ...(spec.body ? { requestBody: { required: spec.bodyRequired ?? true, content: [{ mediaType: spec.mediaType ?? 'application/json', schema: spec.body }] } } : {}),
    responses: Object.entries(spec.responses ?? { '200': undefined }).map(([status, schema]) => ({
      status,
      content: schema ? [{ mediaType: 'application/json', schema }] : [],
      headers: [],
    })),
    security: spec.security ?? [],
    isPublic: false,
    ...(spec.source ? { source: spec.source } : {}),
    extensions: {},
  };
}

/** A surface from operations. */
export function surfaceOf(operations: readonly Operation[], extra: Partial<ApiSurface> = {}): ApiSurface {
  return { sourceKind: 'test', servers: [], securitySchemes: {}, operations, ...extra };
}

export interface RunOptions {
  readonly identities?: Readonly<Record<string, IdentityConfig>>;
  /** Default: every configured identity. */
  readonly selectedIdentities?: readonly string[];
  readonly options?: Readonly<Record<string, unknown>>;
  readonly allowDestructive?: boolean;
  readonly seed?: number;
  readonly scope?: readonly string[];
  readonly client?: Partial<ClientOptions>;
  readonly signal?: AbortSignal;
}

/** Run a real scan of `baseUrl` with the given checks only. */
export async function runChecksAgainst(
  checks: readonly ScanCheck[],
  baseUrl: string,
  surface: ApiSurface,
  opts: RunOptions = {},
): Promise<{ findings: Finding[]; notifications: Notification[]; run: EngineRun }> {
  const client = new HttpClient({ scope: new ScopeGuard(baseUrl, opts.scope ?? []), concurrency: 4, timeoutMs: 5000, connectTimeoutMs: 2000, retryBaseMs: 20, ...(opts.client ?? {}), ...(opts.signal ? { signal: opts.signal } : {}) });
  try {
    const identities = new IdentityManager(opts.identities ?? {}, client, baseUrl);
    const run = await runScan({
      target: baseUrl,
      surface,
      checks,
      client,
      identities,
      ...(opts.selectedIdentities ? { selectedIdentities: opts.selectedIdentities } : {}),
      seed: opts.seed ?? 1,
      checkOptions: Object.fromEntries(checks.map((c) => [c.meta.id, opts.options ?? {}])),
      allowDestructive: opts.allowDestructive ?? false,
      parallel: 4,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return { findings: [...run.findings], notifications: [...run.notifications], run };
  } finally {
    await client.close();
  }
}

/** Run one check against a server (see src/engines/scan/README.md). */
export function runCheckAgainst(check: ScanCheck, baseUrl: string, surface: ApiSurface, opts: RunOptions = {}) {
  return runChecksAgainst([check], baseUrl, surface, opts);
}

/** Read a JSON body from a request body string (undefined when not JSON). */
export function jsonOf(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
