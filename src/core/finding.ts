/**
 * The one findings model every engine produces and every reporter consumes.
 * See ARCHITECTURE.md ("The finding").
 */

/** How bad the problem is, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** How sure the evidence makes us. */
export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** The rows of the coverage table in ARCHITECTURE.md. */
export const DOMAINS = [
  'misconfiguration',
  'data-exposure',
  'injection',
  'input-validation',
  'authentication',
  'authorization',
  'logic',
  'inventory',
  'secrets',
  'abuse',
] as const;
export type Domain = (typeof DOMAINS)[number];

/** The engines (one per command). */
export const ENGINES = ['scan', 'code', 'secrets', 'spec', 'logs'] as const;
export type EngineName = (typeof ENGINES)[number];

/** Where a parameter sits in an HTTP request. */
export type ParameterIn = 'path' | 'query' | 'header' | 'cookie' | 'body' | 'form' | 'multipart' | 'graphql';

/** A finding on a live API: an operation, optionally one of its parameters. */
export interface HttpLocation {
  readonly kind: 'http';
  readonly method: string;
  /** The path template, e.g. `/users/{id}`. */
  readonly path: string;
  readonly url: string;
  readonly operationId?: string;
  readonly parameter?: { readonly in: ParameterIn; readonly name: string };
  /** The operation's place in the spec file, so SARIF can also point at the document. */
  readonly spec?: { readonly file: string; readonly pointer: string; readonly line?: number; readonly column?: number };
}

/** A finding in a file of source, config, or an archive member (`file` may be `app.apk!/classes.dex`). */
export interface FileLocation {
  readonly kind: 'file';
  /** Relative to the scanned root, forward slashes. */
  readonly file: string;
  readonly startLine: number;
  readonly endLine?: number;
  readonly startColumn?: number;
  readonly endColumn?: number;
  /** For findings from git history. */
  readonly commit?: string;
  /** The line's text, used for a fingerprint that survives line shifts. Not rendered as evidence. */
  readonly snippet?: string;
}

/** A finding in an OpenAPI document. */
export interface SpecLocation {
  readonly kind: 'spec';
  readonly file: string;
  /** JSON pointer into the document, e.g. `/paths/~1users~1{id}/get`. */
  readonly pointer: string;
  readonly line?: number;
  readonly column?: number;
}

/** An incident found in an access log. */
export interface LogLocation {
  readonly kind: 'log';
  readonly file: string;
  readonly line: number;
  /** ISO 8601 time of the first line of the incident. */
  readonly time: string;
  readonly endLine?: number;
  readonly endTime?: string;
}

export type Location = HttpLocation | FileLocation | SpecLocation | LogLocation;

/** One step of a dataflow trace (static analysis), rendered as a SARIF codeFlow. */
export interface TraceStep {
  readonly kind: 'source' | 'step' | 'sink';
  readonly file: string;
  readonly line: number;
  readonly column?: number;
  readonly message: string;
}

/** An HTTP exchange excerpt kept as evidence. Bodies are cut to a few KB and secrets masked. */
export interface HttpExchangeEvidence {
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: string;
  };
  readonly response?: {
    readonly status: number;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: string;
    /** Total size seen on the wire, when the body was cut. */
    readonly size?: number;
    readonly timeMs?: number;
  };
  /** Why this exchange is shown: "probe", "control", "baseline", "step 2: read back" ... */
  readonly label?: string;
}

/** What proves a finding. Every field is optional; engines fill what they have. */
export interface Evidence {
  readonly summary?: string;
  readonly payload?: string;
  readonly exchanges?: readonly HttpExchangeEvidence[];
  readonly trace?: readonly TraceStep[];
  /** A source excerpt (a few lines). */
  readonly snippet?: string;
  /** A masked secret, never the real value. */
  readonly secret?: string;
  /** Log lines, masked. */
  readonly lines?: readonly string[];
  /** Free-form facts, e.g. `{ dbms: 'PostgreSQL' }` or counts that crossed a threshold. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A single problem found by one check at one place. */
export interface Finding {
  /** Stable `<engine>/<slug>`. */
  readonly checkId: string;
  readonly engine: EngineName;
  readonly title: string;
  /** Specific to this instance. */
  readonly message: string;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly domain: Domain;
  /** OWASP API Security Top 10 2023 ids, e.g. `API1:2023`; may be empty. */
  readonly owasp: readonly string[];
  /** e.g. `CWE-89`. */
  readonly cwe: readonly string[];
  readonly location: Location;
  readonly evidence?: Evidence;
  readonly remediation: string;
  /** Stable hash (check id + normalized location + key), for baselines and suppressions. */
  readonly fingerprint: string;
  /** Set when a suppression or an inline comment matched; reporters show these apart. */
  readonly suppression?: { readonly reason: string; readonly source: string };
}

/** Compare severities: negative when `a` is more severe than `b`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b);
}

/** True when `s` is at least as severe as `threshold`. */
export function isAtLeast(s: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(s) <= SEVERITIES.indexOf(threshold);
}
