/**
 * The scan check type. A DAST check runs in three steps: plan probes (pure helpers), send them
 * through `ctx.send` (the only I/O a check does, through the scope guard, the identities and the
 * request budget), and evaluate the responses (pure helpers). `run` is async so a check can take
 * several steps: confirm a hit, repeat a timing probe, write then read back.
 *
 * Checks never touch files, the network, env, the clock or randomness directly: use `ctx.send`,
 * `ctx.now`, `ctx.sleep` and `ctx.random`.
 */
import type { CheckMeta } from '../../core/check.js';
import type { Confidence, ParameterIn, Severity } from '../../core/finding.js';
import type { HttpResponse } from '../../http/types.js';
import type { ApiSurface, Operation } from '../../surface/model.js';
import type { OobClient } from './oob/client.js';

export type { HttpResponse } from '../../http/types.js';

/** A request a check wants sent. */
export interface ScanRequest {
  readonly method: string;
  /** Absolute URL, or a path starting with `/` that is resolved against the target's base URL. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /**
   * Whose credentials to attach: an identity name, `anonymous` for none. Defaults to
   * `ctx.identity`. Credentials are only ever attached to the identity's own origin.
   */
  readonly identity?: string;
  /** Follow in-scope redirects (default true). */
  readonly followRedirects?: boolean;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
}

/** What a check may change when it builds a request for an operation from example values. */
export interface BuildOptions {
  readonly identity?: string;
  /** Path parameter values (raw; they are percent-encoded when put in the path). */
  readonly path?: Readonly<Record<string, string>>;
  /** Query values; `undefined` removes a parameter the example would have sent. */
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly cookies?: Readonly<Record<string, string>>;
  /** A JSON-able body replacing the example body (serialized for the chosen media type). */
  readonly body?: unknown;
  /** A raw body sent as is (wins over `body`). */
  readonly rawBody?: string;
  /** The request's Content-Type (default: the operation's first declared media type). */
  readonly contentType?: string;
  /** Send no body at all. */
  readonly omitBody?: boolean;
  /** Include optional query parameters in the example (default true). */
  readonly includeOptional?: boolean;
}

/** An identity as checks see it (never its secret). */
export interface IdentityInfo {
  readonly name: string;
  /** `anonymous`, `bearer`, `apiKey`, `basic`, `cookie`, `headers`, `login`. */
  readonly kind: string;
  readonly authenticated: boolean;
  /** Free-form role label from the config (`user`, `admin`), used by authorization checks. */
  readonly role?: string;
  /** The account name, when known (login identities, `username:` in the config); not a secret. */
  readonly username?: string;
}

/** Everything a check may use. One context is shared by all checks of a scan. */
export interface ScanContext {
  /** The target's base URL, e.g. `http://127.0.0.1:8080/api`. */
  readonly target: string;
  readonly surface: ApiSurface;
  /** `anonymous` first, then the configured identities in config order. */
  readonly identities: readonly IdentityInfo[];
  /** The default identity of `send` and `request`: the first selected authenticated one, else `anonymous`. */
  readonly identity: string;
  /**
   * Send a request through the scope guard, the identity and the budget. Never throws for network
   * trouble: a failed exchange comes back with `status: 0` and `error`. It throws only when the
   * scan is stopping (budget exhausted, Ctrl-C); let that propagate.
   */
  send(req: ScanRequest): Promise<HttpResponse>;
  /**
   * The operation's normal response for an identity (example values, harvested ids), sent once per
   * scan and shared by every check. Undefined when the operation is not sent (e.g. DELETE without
   * `allowDestructive`).
   */
  baseline(op: Operation, identity?: string): Promise<HttpResponse | undefined>;
  /** Build the request for an operation from example values and harvested ids, with overrides. */
  request(op: Operation, opts?: BuildOptions): ScanRequest;
  /** The example JSON body of an operation (undefined when it takes no JSON body). */
  exampleBody(op: Operation): unknown;
  /** Identifiers harvested from responses so far (ids, uuids, slugs), most recent first. */
  harvested(): readonly string[];
  /** Seeded: the same seed gives the same probes. */
  random(): number;
  /** Milliseconds on a monotonic clock. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** This check's options from the config (`checks.<id>.options`). */
  readonly options: Readonly<Record<string, unknown>>;
  /** DELETE and other destructive probes are allowed (`--allow-destructive`). */
  readonly allowDestructive: boolean;
  readonly signal: AbortSignal;
  /** Record something that is not a finding (an inconclusive probe, a skipped operation). */
  notify(level: 'error' | 'warning' | 'note', code: string, message: string): void;
  /**
   * The bearer token an identity currently sends, for the JWT checks that must alter it (optional:
   * engines that cannot tell leave it out). Never put it in evidence unmasked.
   */
  token?(identity: string): string | undefined;
  /** Log an identity in again (login identities), e.g. after its role changed. Resolves false when it cannot. */
  relogin?(identity: string): Promise<boolean>;
  /** The out-of-band listener (SSRF, XXE, mail injection), when the scan runs one. */
  readonly oob?: OobClient;
  /** Record a change the scan made to data it did not create, for the report's change list. */
  recordChange?(change: { readonly identity: string; readonly request: string; readonly what: string; readonly restored: boolean }): void;
}

/** An exchange kept as evidence; the engine masks credentials and cuts bodies. */
export interface EvidenceExchange {
  readonly response: HttpResponse;
  /** Why it is shown: `probe`, `control`, `baseline`, `step 2: read back`... */
  readonly label: string;
}

/** What a check reports; the engine adds meta, location (with the spec position) and fingerprint. */
export interface ScanFindingInput {
  readonly messageId: string;
  readonly data?: Readonly<Record<string, unknown>>;
  /** The operation; defaults to the one `run` was given. Target checks set it or `method`/`path`/`url`. */
  readonly op?: Operation;
  readonly method?: string;
  readonly path?: string;
  /** The URL probed; defaults to the first exchange's request URL. */
  readonly url?: string;
  readonly parameter?: { readonly in: ParameterIn; readonly name: string };
  readonly exchanges?: readonly EvidenceExchange[];
  readonly summary?: string;
  readonly payload?: string;
  /** Facts for the evidence, e.g. `{ origin: 'https://evil.example' }`. */
  readonly facts?: Readonly<Record<string, unknown>>;
  readonly severity?: Severity;
  readonly confidence?: Confidence;
  /** Discriminates several findings of one check at one location (e.g. the header name). */
  readonly key?: string;
  readonly title?: string;
}

export type ScanReporter = (f: ScanFindingInput) => void;

/** What a check will send, for `--plan` and the budget estimate. Pure. */
export interface PlanEstimate {
  /** Requests at most (besides the shared baselines). */
  readonly requests: number;
  /** True when some of them change server state (POST/PUT/PATCH/DELETE probes). */
  readonly writes: boolean;
}

/** A check that runs once per operation. */
export interface OperationScanCheck {
  readonly meta: CheckMeta;
  readonly scope: 'operation';
  /**
   * Runs after every other check, one task at a time: for checks that change a scan identity's
   * privileges or data (mass assignment, privilege escalation) so others never see them mid-change.
   */
  readonly exclusive?: boolean | 'last';
  /** Pure filter; default: every operation. */
  appliesTo?(op: Operation): boolean;
  plan(op: Operation): PlanEstimate;
  run(op: Operation, ctx: ScanContext, report: ScanReporter): Promise<void>;
}

/** A check that runs once per target (discovery of paths, TRACE, CORS on the root...). */
export interface TargetScanCheck {
  readonly meta: CheckMeta;
  readonly scope: 'target';
  /**
   * See {@link OperationScanCheck.exclusive}. `'last'`: after the other exclusive checks too (login
   * guessing, which may lock the account an identity uses).
   */
  readonly exclusive?: boolean | 'last';
  plan(surface: ApiSurface): PlanEstimate;
  run(ctx: ScanContext, report: ScanReporter): Promise<void>;
}

export type ScanCheck = OperationScanCheck | TargetScanCheck;

/** Identity function that types a check (checks have one default export). */
export function defineScanCheck<C extends ScanCheck>(check: C): C {
  return check;
}

/** Methods that change server state. */
export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Thrown by `ctx.send` when the scan is stopping; the engine ends quietly, it is not a check failure. */
export class ScanStopped extends Error {
  constructor(readonly reason: 'budget' | 'aborted') {
    super(reason === 'budget' ? 'request budget exhausted' : 'scan aborted');
    this.name = 'ScanStopped';
  }
}
