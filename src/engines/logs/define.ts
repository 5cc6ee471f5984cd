import type { CheckMeta } from '../../core/check.js';
import type { Confidence, Severity } from '../../core/finding.js';
import type { JsonSchema } from '../../core/config.js';
import type { LineRef, LogEvent } from './types.js';
import type { TokenProfile } from './profile.js';

/** Who an incident is about. */
export type PrincipalKind = 'account' | 'source' | 'network' | 'client' | 'token';

/** What a detector reports when a threshold is crossed. */
export interface IncidentInput {
  readonly messageId: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly principalKind: PrincipalKind;
  /** The account name, address, network, user agent or token id. */
  readonly principal: string;
  /** Further discriminator (e.g. the operation) so one principal can have several incidents of a check. */
  readonly key?: string;
  /** The event that crossed the threshold. */
  readonly event: LogEvent;
  /** The first line of the window, when known (the engine copies it: a detector may reuse the object). */
  readonly first?: LineRef;
  readonly windowStart: number;
  /** Counts that crossed, with the thresholds they crossed. */
  readonly counts: Readonly<Record<string, number>>;
  readonly thresholds: Readonly<Record<string, number>>;
  readonly severity?: Severity;
  readonly confidence?: Confidence;
}

/** A handle on an open incident, to add later lines of the same burst. */
export interface IncidentHandle {
  extend(e: LogEvent): void;
}

/** What the engine gives a detector. */
export interface DetectorEnv {
  report(i: IncidentInput): IncidentHandle;
  /** Time (ms) of the first line of the run plus the warm-up: norm-based detectors learn before it. */
  warmupUntil(): number;
  /** The token's profile (learned in its baseline window), for events with a token. */
  profile(e: LogEvent): TokenProfile;
  /** A slot index in every token profile's `slots`, for per-token state of this check. */
  slot(): number;
}

export interface Detector {
  observe(e: LogEvent): void;
}

/** A log check: metadata, default thresholds (with their schema) and a detector factory. */
export interface LogCheck<O extends object = Record<string, number>> {
  readonly meta: CheckMeta;
  readonly defaults: O;
  /** JSON Schema properties of the options (each threshold), for the config section. */
  readonly optionsSchema: Readonly<Record<string, JsonSchema>>;
  create(options: O, env: DetectorEnv): Detector;
}

/** Define a check with its types checked. */
export function defineLogCheck<O extends object>(c: LogCheck<O>): LogCheck<O> {
  return c;
}

/** Schema of a positive integer threshold. */
export const posInt = (description: string): JsonSchema => ({ type: 'integer', minimum: 1, description });
/** Schema of a ratio in [0, 1]. */
export const ratio = (description: string): JsonSchema => ({ type: 'number', minimum: 0, maximum: 1, description });
/** Schema of a positive number. */
export const posNum = (description: string): JsonSchema => ({ type: 'number', exclusiveMinimum: 0, description });

export const OWASP_AUTH = ['API2:2023'];
