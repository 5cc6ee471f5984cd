import type { CheckMeta } from '../../../core/check.js';
import type { Confidence, Evidence, ParameterIn } from '../../../core/finding.js';
import type { Random } from './canary.js';
import type { Exchange, Prober } from './probe.js';
import type { InjectionPoint, ProbeRequest } from './types.js';
import type { OobClient } from '../oob/client.js';

/** Settings every injection check shares; tests shorten delays. */
export interface InjectionOptions {
  /** Seconds a time-based payload asks the target to sleep. */
  readonly delayS: number;
  /** How long to wait for an out-of-band interaction after a probe. */
  readonly oobWaitMs?: number;
}

export const DEFAULT_INJECTION_OPTIONS: InjectionOptions = { delayS: 3, oobWaitMs: 2000 };

/** What a check gets for one operation. */
export interface OperationContext {
  /** The operation's request with example values: the control every probe is compared with. */
  readonly base: ProbeRequest;
  readonly prober: Prober;
  readonly random: Random;
  /** The out-of-band listener, when one runs (SSRF, XXE, mail). */
  readonly oob?: OobClient;
  readonly options: InjectionOptions;
  /** Operation facts a check may use to choose places (media types declared for the body). */
  readonly bodyMediaTypes: readonly string[];
  /** Per-operation memo shared by every place (the unmodified request's responses are taken once). */
  readonly memo?: Map<string, unknown>;
  /** The engine's shared response to the unmodified request, when it sent exactly `base`. */
  readonly sharedBaseline?: () => Promise<Exchange | undefined>;
}

export interface PointContext extends OperationContext {
  readonly point: InjectionPoint;
}

/** What a check found at one place (one root cause): one finding, however many payloads worked. */
export interface InjectionResult {
  readonly messageId: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly evidence: Evidence;
  readonly confidence?: Confidence;
  readonly title?: string;
  /** The place, when the check tests the operation as a whole (host headers, XML body). */
  readonly point?: { readonly in: ParameterIn; readonly name: string };
}

export interface InjectionCheck {
  readonly meta: CheckMeta;
  /** Where the check's payloads make sense. */
  readonly places: readonly ParameterIn[];
  /** Narrow the places further (by name or value); default: all of them. */
  accepts?(point: InjectionPoint, ctx: OperationContext): boolean;
  /** Test one place; undefined when nothing is found. Throw `Inconclusive` when a needed probe failed. */
  testPoint?(ctx: PointContext): Promise<InjectionResult | undefined>;
  /** Test the operation as a whole (not per parameter). */
  testOperation?(ctx: OperationContext): Promise<InjectionResult[]>;
}

export function defineInjectionCheck<C extends InjectionCheck>(check: C): C {
  return check;
}
