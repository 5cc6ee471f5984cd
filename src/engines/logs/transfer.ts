/**
 * The compact form in which a parse worker sends events to the detecting thread: per event a row
 * of integers and a row of doubles, every string as a small id into a table both sides build in
 * step (a batch carries the strings first seen in it). Only what detectors read is sent: no raw
 * text, path, query or object id (their offset and hash keys stand for them).
 */
import { makeRecord } from './types.js';
import type { LogEvent } from './types.js';
import { own } from './state.js';

/** Which string of an event each slot of {@link StringNos} is. */
export const NO_FILE = 0;
export const NO_IP = 1;
export const NO_METHOD = 2;
export const NO_UA = 3;
export const NO_TOKEN = 4;
export const NO_ACCOUNT = 5;
export const NO_NET = 6;
export const NO_OP = 7;
/** The table numbers of one event's strings, filled by the deriver (which memoises most of them). */
export type StringNos = Int32Array;

/** Integer columns of a row. */
const LINE = 0;
const STATUS = 1;
const LATENCY = 2;
const FLAGS = 3;
const UA_ID = 4;
const NET_ID = 5;
const OP_ID = 6;
const RESOURCE = 7;
const OBJECT = 8;
const S_FILE = 9;
const S_IP = 10;
const S_METHOD = 11;
const S_UA = 12;
const S_TOKEN = 13;
const S_ACCOUNT = 14;
const S_NET = 15;
const S_OP = 16;
const INTS = 17;
/** Double columns of a row. */
const TIME = 0;
const OFFSET = 1;
const BYTES = 2;
const DOUBLES = 3;

const IS_LOGIN = 1;
const LOGIN_OK = 2;
const LOGIN_FAILED = 4;
const PRIVILEGED = 8;
const REVOKED = 16;
const HAS_OBJECT = 32;
/** Which string the principal is: the token id, else the account, else the address. */
const BY_ACCOUNT = 64;
const BY_IP = 128;

/** Events in one batch. */
export const BATCH = 8192;
/** Strings in the shared table before both sides start a new one (at a batch boundary). */
const MAX_STRINGS = 500_000;

/**
 * Numbers for the strings events carry to the detecting thread, which builds the same table from
 * the strings each batch brings. Starts anew (a new epoch) when large, only between batches.
 */
export class StringTable {
  private map = new Map<string, number>();
  /** Strings numbered since the last batch. */
  fresh: string[] = [];
  epoch = 1;

  no(s: string): number {
    if (s.length === 0) return 0;
    const v = this.map.get(s);
    if (v !== undefined) return v;
    const n = this.map.size + 1;
    this.map.set(own(s), n);
    this.fresh.push(s);
    return n;
  }

  /** Between batches: start anew when large; true when it did. */
  rollover(): boolean {
    if (this.map.size < MAX_STRINGS) return false;
    this.map = new Map();
    this.epoch++;
    return true;
  }
}

/** One batch as posted (the two buffers are transferred, not copied). */
export interface EventBatch {
  readonly n: number;
  readonly ints: Int32Array;
  readonly doubles: Float64Array;
  /** Strings first used in this batch, in id order. */
  readonly strings: string[];
  /** True when the table starts anew with this batch. */
  readonly reset: boolean;
}

/** Worker side: rows of events, posted a batch at a time. */
export class EventEncoder {
  private reset = false;
  private ints = new Int32Array(BATCH * INTS);
  private doubles = new Float64Array(BATCH * DOUBLES);
  private n = 0;

  constructor(
    private readonly strings: StringTable,
    private readonly post: (b: EventBatch) => void,
  ) {}

  /** Add an event with the numbers of its strings (see `LineDeriver`). */
  add(e: LogEvent, nos: StringNos): void {
    const r = this.n * INTS;
    const ints = this.ints;
    const d = this.n * DOUBLES;
    ints[r + LINE] = e.line;
    ints[r + STATUS] = e.status;
    ints[r + LATENCY] = e.latencyMs;
    ints[r + FLAGS] =
      (e.isLogin ? IS_LOGIN : 0) |
      (e.loginOk ? LOGIN_OK : 0) |
      (e.loginFailed ? LOGIN_FAILED : 0) |
      (e.isPrivileged ? PRIVILEGED : 0) |
      (e.isRevoked ? REVOKED : 0) |
      (e.objectKey >= 0 ? HAS_OBJECT : 0) |
      (e.tokenId ? 0 : e.account ? BY_ACCOUNT : BY_IP);
    ints[r + UA_ID] = e.uaId;
    ints[r + NET_ID] = e.netId;
    ints[r + OP_ID] = e.opId;
    ints[r + RESOURCE] = e.resourceKey;
    ints[r + OBJECT] = e.objectKey;
    ints[r + S_FILE] = nos[NO_FILE]!;
    ints[r + S_IP] = nos[NO_IP]!;
    ints[r + S_METHOD] = nos[NO_METHOD]!;
    ints[r + S_UA] = nos[NO_UA]!;
    ints[r + S_TOKEN] = nos[NO_TOKEN]!;
    ints[r + S_ACCOUNT] = nos[NO_ACCOUNT]!;
    ints[r + S_NET] = nos[NO_NET]!;
    ints[r + S_OP] = nos[NO_OP]!;
    this.doubles[d + TIME] = e.time;
    this.doubles[d + OFFSET] = e.offset;
    this.doubles[d + BYTES] = e.bytes;
    if (++this.n === BATCH) this.flush();
  }

  /** Post what is pending (a partial batch at the end). */
  flush(): void {
    if (this.n === 0) return;
    this.post({ n: this.n, ints: this.ints, doubles: this.doubles, strings: this.strings.fresh, reset: this.reset });
    this.ints = new Int32Array(BATCH * INTS);
    this.doubles = new Float64Array(BATCH * DOUBLES);
    this.n = 0;
    this.strings.fresh = [];
    this.reset = this.strings.rollover();
  }
}

/**
 * Detecting side: rebuilds the events of each batch, in order, in one event object refilled for
 * each row (a new object per line was most of this thread's allocation): `observe` must not keep
 * the event past its call (the engine copies what an incident keeps, see `LineRef`).
 */
export class EventDecoder {
  private strings: string[] = [''];
  /** The event handed to `observe`; the fields no row carries stay '' (path, query, raw, ...). */
  private readonly e: LogEvent = makeRecord(0, '', '', '', '', 0, 0, '', -1, '', '', '');
  /** Counts the tables: event numbers are valid only with the epoch they came in. */
  private epoch = 1;

  /** The batch's events, handed to `observe` one by one (the same object, refilled). */
  decode(b: EventBatch, observe: (e: LogEvent) => void): void {
    if (b.reset) {
      this.strings = [''];
      this.epoch++;
    }
    const t = this.strings;
    const epoch = this.epoch;
    for (const s of b.strings) t.push(s);
    const ints = b.ints;
    const doubles = b.doubles;
    const e = this.e;
    for (let i = 0; i < b.n; i++) {
      const r = i * INTS;
      const d = i * DOUBLES;
      const flags = ints[r + FLAGS]!;
      const ipNo = ints[r + S_IP]!;
      const tokenNo = ints[r + S_TOKEN]!;
      const accountNo = ints[r + S_ACCOUNT]!;
      const ip = t[ipNo]!;
      const tokenId = t[tokenNo]!;
      const account = t[accountNo]!;
      e.time = doubles[d + TIME]!;
      e.ip = ip;
      e.method = t[ints[r + S_METHOD]!]!;
      e.status = ints[r + STATUS]!;
      e.bytes = doubles[d + BYTES]!;
      e.ua = t[ints[r + S_UA]!]!;
      e.latencyMs = ints[r + LATENCY]!;
      e.file = t[ints[r + S_FILE]!]!;
      e.line = ints[r + LINE]!;
      e.offset = doubles[d + OFFSET]!;
      e.tokenId = tokenId;
      e.account = account;
      e.principal = flags & BY_IP ? ip : flags & BY_ACCOUNT ? account : tokenId;
      e.principalNo = flags & BY_IP ? ipNo : flags & BY_ACCOUNT ? accountNo : tokenNo;
      e.tokenNo = tokenNo;
      e.noEpoch = epoch;
      e.net = t[ints[r + S_NET]!]!;
      e.op = t[ints[r + S_OP]!]!;
      e.uaId = ints[r + UA_ID]!;
      e.netId = ints[r + NET_ID]!;
      e.opId = ints[r + OP_ID]!;
      e.profile = undefined;
      e.objectKey = flags & HAS_OBJECT ? ints[r + OBJECT]! >>> 0 : -1;
      e.resourceKey = ints[r + RESOURCE]! >>> 0;
      e.isLogin = (flags & IS_LOGIN) !== 0;
      e.loginOk = (flags & LOGIN_OK) !== 0;
      e.loginFailed = (flags & LOGIN_FAILED) !== 0;
      e.isPrivileged = (flags & PRIVILEGED) !== 0;
      e.isRevoked = (flags & REVOKED) !== 0;
      observe(e);
    }
  }
}
