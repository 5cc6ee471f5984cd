import type { LineRef } from './types.js';

/**
 * Bounded state for streaming detectors: whatever the log's size, each structure holds at most a
 * fixed number of entries, so memory stays constant.
 */

/**
 * A map with a hard cap. Entries idle for longer than `ttlMs` are swept every so many inserts (so the
 * map holds only live keys), and when full the oldest-inserted tenth is evicted as well. Keys are not
 * reordered on read, which keeps `get` a plain lookup.
 */
export class BoundedMap<V extends { last: number }> {
  private readonly map = new Map<string, V>();
  private inserts = 0;
  private nextSweep = 4096;
  evicted = 0;
  /**
   * Entries by the number of their key in a parse worker's string table (see `LogEvent.principalNo`):
   * an array index instead of hashing the key. Holds only live entries: cleared when a sweep drops
   * any, and when the numbers change (a new epoch).
   */
  private byNo: (V | undefined)[] = [];
  private noEpoch = 0;

  constructor(
    readonly cap: number,
    readonly ttlMs: number,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  /**
   * `get(key)`, found by `no`, the key's number in table epoch `epoch`, when it was looked up
   * before (0: no number). The same answer as `get`, without hashing the key on a hit.
   */
  getByNo(key: string, no: number, epoch: number): V | undefined {
    if (no === 0) return this.map.get(key);
    if (epoch !== this.noEpoch) {
      this.noEpoch = epoch;
      this.byNo = [];
    }
    const byNo = this.byNo;
    if (no < byNo.length) {
      const hit = byNo[no];
      if (hit !== undefined) return hit;
    }
    const v = this.map.get(key);
    if (v !== undefined) this.remember(no, v);
    return v;
  }

  private remember(no: number, v: V): void {
    const byNo = this.byNo;
    // grown one by one, so the array keeps fast (not dictionary) elements
    while (byNo.length <= no) byNo.push(undefined);
    byNo[no] = v;
  }

  /**
   * Add an entry for a key that is not there (after a `get` miss). `now` drives eviction; `no` and
   * `epoch` are the key's number, as for `getByNo`.
   */
  insert(key: string, now: number, v: V, no = 0, epoch = 0): V {
    if (++this.inserts >= this.nextSweep || this.map.size >= this.cap) {
      this.sweep(now);
      this.nextSweep = this.inserts + Math.max(4096, this.map.size);
    }
    this.map.set(own(key), v);
    if (no !== 0 && epoch === this.noEpoch) this.remember(no, v);
    return v;
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }

  entries(): IterableIterator<[string, V]> {
    return this.map.entries();
  }

  private sweep(now: number): void {
    const before = this.map.size;
    for (const [k, v] of this.map) if (now - v.last > this.ttlMs) this.map.delete(k);
    const expired = before - this.map.size;
    if (this.map.size >= this.cap) {
      let drop = Math.max(1, Math.floor(this.cap / 10));
      for (const k of this.map.keys()) {
        this.map.delete(k);
        if (--drop <= 0) break;
      }
    }
    this.evicted += before - this.map.size - expired;
    if (this.map.size < before) this.byNo = [];
  }
}

/** A set that stops growing at `cap`; `size` then means "at least cap". */
export class CappedSet {
  private readonly set = new Set<string>();
  constructor(readonly cap: number) {}

  /** Add a value; true when it was new (and there was room). */
  add(v: string): boolean {
    if (this.set.size >= this.cap || this.set.has(v)) return false;
    this.set.add(v);
    return true;
  }

  has(v: string): boolean {
    return this.set.has(v);
  }

  get size(): number {
    return this.set.size;
  }

  get full(): boolean {
    return this.set.size >= this.cap;
  }

  clear(): void {
    this.set.clear();
  }

  values(): string[] {
    return [...this.set];
  }
}

/** A small reservoir of sample items per incident: the first `n` kept. */
export function pushSample<T>(arr: T[], item: T, n: number): void {
  if (arr.length < n) arr.push(item);
}

/** A map from key to count with a cap on the number of keys (counts for new keys stop at the cap). */
export class CappedCounter {
  private readonly map = new Map<string, number>();
  constructor(readonly cap: number) {}

  inc(key: string): number {
    const c = this.map.get(key);
    if (c !== undefined) {
      this.map.set(key, c + 1);
      return c + 1;
    }
    if (this.map.size >= this.cap) return 0;
    this.map.set(key, 1);
    return 1;
  }

  get(key: string): number {
    return this.map.get(key) ?? 0;
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
  }

  max(): number {
    let m = 0;
    for (const v of this.map.values()) if (v > m) m = v;
    return m;
  }
}

/**
 * FNV-1a over UTF-16 code units: a cheap 32-bit hash for membership sets that must not keep strings
 * alive. `h` continues a hash, so `hash32(b, hash32(a))` is the hash of `a + b` without building it.
 */
export function hash32(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Entries a {@link HashSet} keeps in a plain array (scanned) before it needs a hash set. */
const SMALL = 16;

/**
 * A capped set of 32-bit hashes (holds no strings, so no log line stays in memory through it). Most
 * windows see a handful of values: those live in a small array, and a `Set` is only built past it,
 * so clearing a window allocates nothing.
 */
export class HashSet {
  private readonly small: number[] = [];
  private set: Set<number> | undefined;
  constructor(readonly cap: number) {}

  /** Add; true when new and there was room. */
  add(v: string): boolean {
    return this.addKey(hash32(v));
  }

  /** Add a value by its `hash32` (computed once, where the string is at hand). */
  addKey(h: number): boolean {
    const set = this.set;
    if (set !== undefined) {
      if (set.size >= this.cap || set.has(h)) return false;
      set.add(h);
      return true;
    }
    const small = this.small;
    const n = small.length;
    if (n >= this.cap) return false;
    for (let i = 0; i < n; i++) if (small[i] === h) return false;
    if (n < SMALL) small.push(h);
    else {
      this.set = new Set(small);
      this.set.add(h);
      small.length = 0;
    }
    return true;
  }

  has(v: string): boolean {
    const h = hash32(v);
    return this.set !== undefined ? this.set.has(h) : this.small.includes(h);
  }

  get size(): number {
    return this.set !== undefined ? this.set.size : this.small.length;
  }

  clear(): void {
    this.set = undefined;
    this.small.length = 0;
  }
}

/**
 * A copy of a string that does not share memory with the line it was cut from (V8 keeps the whole
 * parent string alive behind a slice). Used for keys that outlive their line.
 */
export function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/**
 * A direct-mapped cache in front of a map: one slot per cheap hash (the length, the last eight
 * characters and the middle one: where paths, tokens and addresses differ), confirmed by comparing
 * the whole string. A hit costs no full hashing of the string; a miss or a slot taken by another key
 * falls through to the caller's map.
 */
export class RecentCache<V> {
  private readonly keys: string[];
  private readonly values: (V | undefined)[];
  private readonly mask: number;

  constructor(bits: number) {
    this.mask = (1 << bits) - 1;
    this.keys = new Array<string>(this.mask + 1).fill('');
    this.values = new Array<V | undefined>(this.mask + 1).fill(undefined);
  }

  private slot(s: string): number {
    const n = s.length;
    let h = Math.imul(n, 0x9e3779b1) ^ s.charCodeAt(n >> 1);
    for (let i = n > 8 ? n - 8 : 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return (h ^ (h >>> 15)) & this.mask;
  }

  get(s: string): V | undefined {
    const i = this.slot(s);
    return this.keys[i] === s ? this.values[i] : undefined;
  }

  set(s: string, v: V): void {
    const i = this.slot(s);
    this.keys[i] = own(s);
    this.values[i] = v;
  }

  clear(): void {
    this.keys.fill('');
    this.values.fill(undefined);
  }
}

/**
 * A direct-mapped cache keyed by a run of bytes (a field of a line still in its read block), so a
 * hit needs no string cut from the line: comparing a slice of a line with a string goes through
 * V8's slow path for sliced strings, and the key's characters sit behind two objects. Each slot
 * keeps its key's bytes inline in one arena (keys up to `stride` bytes; longer ones are not
 * cached), compared four bytes at a time. A miss costs the caller's string look-up, as before.
 */
export class ByteKeyCache<V> {
  private readonly values: (V | undefined)[];
  private readonly lengths: Int32Array;
  private readonly arena: DataView;
  private readonly mask: number;

  constructor(
    bits: number,
    readonly stride: number,
  ) {
    this.mask = (1 << bits) - 1;
    this.values = new Array<V | undefined>(this.mask + 1).fill(undefined);
    // -1: empty (a key of length 0 is a valid key)
    this.lengths = new Int32Array(this.mask + 1).fill(-1);
    this.arena = new DataView(new ArrayBuffer((this.mask + 1) * stride));
  }

  /** The slot of `n` bytes at `at`: their length, the middle byte and the last eight (where fields differ). */
  private slot(b: DataView, at: number, n: number): number {
    let h = Math.imul(n, 0x9e3779b1);
    if (n >= 8) {
      h ^= b.getUint8(at + (n >> 1));
      h = Math.imul(h ^ b.getInt32(at + n - 8, true), 0x01000193);
      h = Math.imul(h ^ b.getInt32(at + n - 4, true), 0x01000193);
    } else for (let i = 0; i < n; i++) h = Math.imul(h ^ b.getUint8(at + i), 0x01000193);
    return (h ^ (h >>> 15)) & this.mask;
  }

  /** The value cached for the `n` bytes of `b` at `at`, undefined when not cached. */
  get(b: DataView, at: number, n: number): V | undefined {
    if (n > this.stride) return undefined;
    const i = this.slot(b, at, n);
    if (this.lengths[i] !== n) return undefined;
    const a = this.arena;
    const base = i * this.stride;
    let k = 0;
    // eight bytes at a time as doubles: exact for ASCII (no byte over 0x7f, so never NaN nor -0)
    for (; k + 8 <= n; k += 8) if (b.getFloat64(at + k, true) !== a.getFloat64(base + k, true)) return undefined;
    for (; k + 4 <= n; k += 4) if (b.getInt32(at + k, true) !== a.getInt32(base + k, true)) return undefined;
    for (; k < n; k++) if (b.getUint8(at + k) !== a.getUint8(base + k)) return undefined;
    return this.values[i];
  }

  /** Cache `v` for the `n` bytes of `b` at `at` (nothing when longer than the stride). */
  set(b: DataView, at: number, n: number, v: V): void {
    if (n > this.stride) return;
    const i = this.slot(b, at, n);
    const a = this.arena;
    const base = i * this.stride;
    for (let k = 0; k < n; k++) a.setUint8(base + k, b.getUint8(at + k));
    this.lengths[i] = n;
    this.values[i] = v;
  }

  clear(): void {
    this.lengths.fill(-1);
    this.values.fill(undefined);
  }
}

/**
 * A capped set of small integer ids (from an {@link Interner}): like {@link HashSet}, a few values
 * live in a scanned array and a `Set` is built only past it.
 */
export class IdSet {
  private readonly small: number[] = [];
  private set: Set<number> | undefined;
  constructor(readonly cap: number) {}

  add(id: number): boolean {
    const set = this.set;
    if (set !== undefined) {
      if (set.size >= this.cap || set.has(id)) return false;
      set.add(id);
      return true;
    }
    const small = this.small;
    const n = small.length;
    if (n >= this.cap) return false;
    for (let i = 0; i < n; i++) if (small[i] === id) return false;
    if (n < SMALL) small.push(id);
    else {
      this.set = new Set(small);
      this.set.add(id);
      small.length = 0;
    }
    return true;
  }

  has(id: number): boolean {
    if (this.set !== undefined) return this.set.has(id);
    const small = this.small;
    for (let i = 0; i < small.length; i++) if (small[i] === id) return true;
    return false;
  }

  get size(): number {
    return this.set !== undefined ? this.set.size : this.small.length;
  }

  clear(): void {
    this.set = undefined;
    this.small.length = 0;
  }
}

/**
 * Gives each distinct string (user agent, network, operation) a number, so per-token sets hold
 * numbers. Bounded: when full it forgets every string, and ids keep counting up (never reused), so
 * a forgotten string only looks new again.
 */
export class Interner {
  private map = new Map<string, number>();
  private next = 1;
  /** Counts the times it forgot every string: an id memoised in another epoch must be looked up again. */
  epoch = 1;
  constructor(readonly cap: number) {}

  id(s: string): number {
    const v = this.map.get(s);
    if (v !== undefined) return v;
    if (this.map.size >= this.cap) {
      this.map = new Map();
      this.epoch++;
    }
    const id = this.next++;
    this.map.set(own(s), id);
    return id;
  }
}

/** What an open incident needs: its handle and when it was last extended. */
interface OpenIncident<H> {
  last: number;
  handle: H;
}

/**
 * One incident per key while it stays open: a repeat within `ttlMs` of the last event extends the
 * open incident instead of raising a new one. Bounded like {@link BoundedMap}.
 */
export class OpenIncidents<H extends { extend(e: E): void }, E extends { time: number }> {
  private readonly open: BoundedMap<OpenIncident<H>>;

  constructor(
    maxTracked: number,
    private readonly ttlMs = 86_400_000,
  ) {
    this.open = new BoundedMap<OpenIncident<H>>(maxTracked, ttlMs);
  }

  /** Extend the incident open under `key`, or raise a new one with `raise()`. */
  extendOrRaise(key: string, e: E, raise: () => H): void {
    const s = this.open.get(key);
    if (s && e.time - s.last < this.ttlMs) {
      s.last = e.time;
      s.handle.extend(e);
      return;
    }
    this.open.insert(key, e.time, { last: e.time, handle: raise() });
  }
}

/** A copy of where an event's line is (see {@link LineRef}). */
export function lineRef(e: LineRef): LineRef {
  return { file: e.file, line: e.line, offset: e.offset, time: e.time, raw: e.raw };
}

/**
 * Point `ref` at the line of `e`, in place: a window that starts anew allocates nothing and keeps no
 * event alive (an event kept per window start was most of what survived the young generation).
 */
export function markLine(ref: LineRef, e: LineRef): void {
  ref.file = e.file;
  ref.line = e.line;
  ref.offset = e.offset;
  ref.time = e.time;
  ref.raw = e.raw;
}

/** True when two references name the same line of the same input. */
export function sameLine(a: LineRef, b: LineRef): boolean {
  return a.line === b.line && a.offset === b.offset && a.time === b.time && a.file === b.file && a.raw === b.raw;
}
