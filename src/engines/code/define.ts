import type { CheckMeta } from '../../core/check.js';
import type { Confidence, Evidence } from '../../core/finding.js';
import type { Module } from './ir.js';
import type { Route } from './model.js';
import type { Project } from './project.js';
import type { HandlerFacts } from './taint/engine.js';
import type { CallObserver, SinkHit, SinkSpec } from './taint/types.js';

/** What a code check reports: a place, a message and evidence. */
export interface CodeReport {
  readonly messageId: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly file: string;
  readonly line: number;
  readonly evidence?: Evidence;
  readonly confidence?: Confidence;
  readonly key?: string;
}

/** An operation of an OpenAPI document, for the shadow/stale endpoint rules. */
export interface SpecOperation {
  readonly method: string;
  /** Path template as written in the document (`/users/{id}`). */
  readonly path: string;
  /** Base paths of the document's servers (`/api/v1`), tried as prefixes. */
  readonly basePaths: readonly string[];
  readonly file: string;
  readonly line?: number;
  readonly pointer: string;
}

export interface RouteContext {
  /** Set when a spec was given (`--spec`). */
  readonly spec?: readonly SpecOperation[];
  readonly routes: readonly Route[];
  readonly facts: ReadonlyMap<Route, HandlerFacts>;
  readonly project: Project;
  /** Taint hits of every rule, by check id (route rules may build on them). */
  readonly hits: ReadonlyMap<string, readonly SinkHit[]>;
}

interface Base {
  readonly meta: CheckMeta;
  /** Names of the sanitisers this rule honours (documented on its page). */
  readonly sanitisers?: readonly string[];
}

/** A source-to-sink rule: the engine's taint analysis reports request input reaching `sinks`. */
export interface TaintCheck extends Base {
  readonly kind: 'taint';
  readonly sinks: readonly SinkSpec[];
  /** Optional call observer for rules that judge whole objects (mass assignment). */
  readonly observer?: (id: string) => CallObserver;
  /** Turn a hit into a report, or drop it (e.g. privileged writes inside admin-only routes). */
  readonly accept?: (hit: SinkHit, ctx: RouteContext) => CodeReport | undefined;
}

/** A rule over each parsed module (configuration and API misuse patterns). */
export interface ModuleCheck extends Base {
  readonly kind: 'module';
  detect(mod: Module, project: Project, report: (r: CodeReport) => void): void;
}

/** A rule over the route inventory and handler facts. */
export interface RouteCheck extends Base {
  readonly kind: 'route';
  detect(ctx: RouteContext, report: (r: CodeReport) => void): void;
}

export type CodeCheck = TaintCheck | ModuleCheck | RouteCheck;

export function defineCodeCheck<T extends CodeCheck>(c: T): T {
  return c;
}

/** The standard report for a taint hit. */
export function taintReport(hit: SinkHit, messageId = 'tainted'): CodeReport {
  return {
    messageId,
    data: { source: hit.source, sink: hit.sink },
    file: hit.file,
    line: hit.line,
    evidence: { summary: `${hit.source} reaches ${hit.sink}`, trace: hit.trace },
    key: hit.source,
  };
}
