import type { TokenProfile } from './profile.js';

/** One parsed access-log request, before principals are derived. */
export interface LogRecord {
  /** Milliseconds since the epoch (UTC). */
  time: number;
  ip: string;
  method: string;
  /** The path without query string. */
  path: string;
  /** The query string without `?`, '' when none. */
  query: string;
  status: number;
  bytes: number;
  ua: string;
  /** Request duration in milliseconds, -1 when not logged. */
  latencyMs: number;
  /** The logged user (remote_user, consumer, a login body's username), '' when none. */
  user: string;
  /** The raw credential (Authorization header value or API key), '' when none. Never leaves the engine. */
  credential: string;
  /** The logged request body, '' when none (only login bodies matter). */
  body: string;
}

/**
 * Where an event's line is: what a detector keeps of the first line of its window and an incident of
 * its first line (a copy of these fields, so no whole event stays alive behind them).
 */
export interface LineRef {
  file: string;
  line: number;
  offset: number;
  time: number;
  raw: string;
}

/** A request with its principal, network and operation worked out: what detectors see. */
export interface LogEvent extends LogRecord {
  file: string;
  line: number;
  /** The line's byte position in its input, -1 when unknown. */
  offset: number;
  /**
   * The raw line, kept only to sample it (masked) as evidence. '' in a parallel run, where the
   * analysis reads the few sampled lines back from the file by their `offset` at the end.
   */
  raw: string;
  /** `tok_<hmac>` for a credential, '' when none. */
  tokenId: string;
  /** The JWT `sub` when the credential is a JWT, else ''. */
  sub: string;
  /** The account: the logged user, a login body's username, or the JWT `sub`. */
  account: string;
  /** Who is acting: the token id, else the account, else the source address. */
  principal: string;
  /**
   * In a parallel run: the numbers of `principal` and `tokenId` in the string table of batch epoch
   * `noEpoch` (see transfer.ts), so detectors can find a key's state by number before hashing the
   * string. 0 when not known (one thread).
   */
  principalNo: number;
  tokenNo: number;
  noEpoch: number;
  /** /24 for IPv4, /64 for IPv6. */
  net: string;
  /** The path template, e.g. `/orders/{id}`. */
  template: string;
  /** `GET /orders/{id}`. */
  op: string;
  /** Interned ids of `ua`, `net` and `op` (for per-token sets). */
  uaId: number;
  netId: number;
  opId: number;
  /** The token's profile, for events with a token. */
  profile: TokenProfile | undefined;
  /** The value of the last templated segment, '' when the path has none. */
  objectId: string;
  /**
   * Hashes standing for strings in per-principal sets (see `hash32`): of `objectId` (-1 when none)
   * and of the path with its query. Detectors use these, not the strings: a parallel run sends
   * events without path, query and object id.
   */
  objectKey: number;
  resourceKey: number;
  isLogin: boolean;
  /** For logins: true on a 2xx/3xx answer. */
  loginOk: boolean;
  /** For logins: true on a 401/403 (or a 200 with a failure marker is not visible in logs). */
  loginFailed: boolean;
  isPrivileged: boolean;
  /** Set by the engine when the credential is on the revoked list. */
  isRevoked: boolean;
}

/** Parse result of one line: a record, or why the line is not usable. */
export type ParseResult = LogRecord | string;

/** A line parser. Returns a reason string for a malformed line. */
export type LineParser = (line: string) => ParseResult;

/** The longest line read as a line (bytes, without its newline); longer ones are malformed. */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * What a reader passes instead of a line longer than {@link MAX_LINE_BYTES}: this mark, then the
 * line's first few hundred bytes (for the malformed-line sample). No line of text starts with it.
 */
export const OVERLONG_LINE = '\u0000\u0001';

/** The reason given for a line longer than {@link MAX_LINE_BYTES}. */
export const OVERLONG_REASON = `line longer than ${MAX_LINE_BYTES / 1024} KB`;

export const INPUT_FORMATS = ['auto', 'clf', 'combined', 'json', 'alb'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/**
 * A record with every event field present from the start (one object per line, one hidden class):
 * parsers fill the request, the engine fills the rest in place.
 */
export function makeRecord(time: number, ip: string, method: string, path: string, query: string, status: number, bytes: number, ua: string, latencyMs: number, user: string, credential: string, body: string): LogEvent {
  return {
    time,
    ip,
    method,
    path,
    query,
    status,
    bytes,
    ua,
    latencyMs,
    user,
    credential,
    body,
    file: '',
    line: 0,
    offset: -1,
    raw: '',
    tokenId: '',
    sub: '',
    account: '',
    principal: '',
    principalNo: 0,
    tokenNo: 0,
    noEpoch: 0,
    net: '',
    template: '',
    op: '',
    uaId: 0,
    netId: 0,
    opId: 0,
    profile: undefined,
    objectId: '',
    objectKey: -1,
    resourceKey: 0,
    isLogin: false,
    loginOk: false,
    loginFailed: false,
    isPrivileged: false,
    isRevoked: false,
  };
}
