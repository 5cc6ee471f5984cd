import type { ParameterIn } from '../../../core/finding.js';

/** A request a probe sends, before serialisation: the places a payload can go are kept apart. */
export interface ProbeRequest {
  readonly method: string;
  /** Path template, e.g. `/users/{id}`. */
  readonly pathTemplate: string;
  /** Raw (unencoded) path parameter values. */
  readonly pathParams: Readonly<Record<string, string>>;
  /** Path parameters whose value is sent as is (no percent-encoding), for traversal payloads. */
  readonly rawPathParams?: readonly string[];
  readonly query: readonly (readonly [string, string])[];
  readonly headers: Readonly<Record<string, string>>;
  /** Headers sent with every probe but not injectable (content negotiation, recorded headers). */
  readonly fixedHeaders?: Readonly<Record<string, string>>;
  readonly cookies: readonly (readonly [string, string])[];
  readonly body?: ProbeBody;
}

export type ProbeBody =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'form'; readonly fields: readonly (readonly [string, string])[] }
  | { readonly kind: 'multipart'; readonly fields: readonly (readonly [string, string])[] }
  | { readonly kind: 'raw'; readonly contentType: string; readonly text: string };

/** A request on the wire: what the sender gets and what evidence shows. */
export interface WireRequest {
  readonly method: string;
  /** Path and query, starting with `/`. */
  readonly target: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface ProbeResponse {
  readonly ok: true;
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeMs: number;
  /** The HTTP layer's own response object, when the probe went through it. */
  readonly source?: unknown;
}

/** A probe whose outcome proves nothing: a timeout, a dropped connection, an unreadable answer. */
export interface ProbeFailure {
  readonly ok: false;
  readonly reason: 'timeout' | 'connection' | 'garbage' | 'budget' | 'scope' | 'other';
  readonly message: string;
  readonly timeMs: number;
  readonly source?: unknown;
}

export type ProbeOutcome = ProbeResponse | ProbeFailure;

/** One place of an operation where a payload can go. */
export interface InjectionPoint {
  readonly in: ParameterIn;
  /** Parameter name; for JSON bodies a dotted path such as `user.tags[0]`. */
  readonly name: string;
  /** JSON body path segments. */
  readonly jsonPath?: readonly (string | number)[];
  /** The value the base request carries there, as text. */
  readonly original: string;
  /** JSON only: the original value's type. */
  readonly jsonType?: 'string' | 'number' | 'boolean' | 'null';
}

/** What a payload does to a place. */
export type Mutation =
  /** Put this text in place of the value (JSON: a string, or a number when `asNumber` is allowed). */
  | { readonly kind: 'value'; readonly value: string }
  /** JSON only: put this JSON value in place of the field (an operator object such as `{"$ne": 1}`). */
  | { readonly kind: 'json'; readonly value: unknown }
  /** Query/form only: send `name[op]=value` instead of `name=value` (bracketed operators). */
  | { readonly kind: 'bracket'; readonly op: string; readonly value: string };
