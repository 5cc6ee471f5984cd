import jsyaml from 'js-yaml';
import { escapePointer } from '../core/yaml-source.js';

/**
 * A fast reader for the block-style YAML that OpenAPI generators and most people write: block
 * mappings and sequences, plain scalars on one line, single- and double-quoted scalars on one line,
 * literal and folded block scalars, empty flow collections (`[]`, `{}`) and comments. It returns
 * exactly what `js-yaml` returns with `CORE_SCHEMA` and `json: true` (plain scalars are resolved by
 * js-yaml's own implicit types), and it records where each key and item starts, so positions need
 * no second pass over the text.
 *
 * Anything outside that subset (flow collections with content, anchors and aliases, tags,
 * directives, several documents, multi-line plain or quoted scalars, tabs, CR line ends, escapes
 * JSON does not have, unusual indentation) makes it give up and return `undefined`: the caller then
 * parses with js-yaml, which reads everything and reports errors with their position.
 */

interface Resolver {
  resolve(data: string): boolean;
  construct(data: string): unknown;
}

/** js-yaml's implicit types of the core schema (null, bool, int, float), in its own order. */
const IMPLICIT = (jsyaml.CORE_SCHEMA as unknown as { compiledImplicit: readonly Resolver[] }).compiledImplicit;

/** js-yaml refuses scalars holding these (and checks them per scalar); here they send the text to js-yaml. */
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

// The same check in two steps: a plain character class is much faster on megabytes of text, and
// only text with surrogates needs the pairing rules.
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;
const SURROGATE = /[\uD800-\uDFFF]/;

// Everything the fast reader takes without a second look: line feeds, printable ASCII, NEL and the
// rest of the BMP but surrogates, U+FFFE and U+FFFF. One pass of this negated class over a 5 MB
// document takes about 6 ms, the tab, CR and control checks together about 12; only a text it
// matches (a tab, a CR, a control character, a surrogate) takes those checks.
const OUTSIDE_PLAIN = /[^\n\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD]/;

/** The one-character escapes of double-quoted YAML scalars (as js-yaml decodes them). */
const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

/** Thrown (once, shared) to leave the fast path. */
const GIVE_UP = new Error('outside the fast YAML subset');

/** js-yaml's nesting limit is 100 nodes deep; stay well inside it and let js-yaml judge deeper documents. */
const MAX_DEPTH = 90;

/** Strings of 0 to 63 spaces, to compare a line's indentation with in one step. */
const INDENTS: readonly string[] = Array.from({ length: 64 }, (_, i) => ' '.repeat(i));

/** Slots of the reader's key cache (a power of two). */
const KEY_CACHE_SIZE = 512;

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const DQUOTE = 34;
const SQUOTE = 39;

/** Marks of a line ({@link Reader}'s `marks`): it holds a `#` from its content on. */
const HAS_HASH = 1;
/** Its first `#` comes before its key's colon, or it has no key colon (`$ref: "#/..."` has none). */
const KEY_HASH = 4;
/** It holds a `:` after its key's colon (or, with no key colon, any `:`). */
const VALUE_COLON = 2;
/** It ends with a space. */
const TRAILING = 8;

/** How a value's first character reads (ASCII; everything else starts a plain string). */
const PLAIN = 0;
/** A digit, `+`, `.` or `~`: js-yaml may resolve it as a number or null. */
const TYPED = 1;
/** The first letter of null, true or false in some spelling: resolved when it is 5 letters or fewer. */
const WORD = 2;
/** A quote, a flow or block indicator, `-`, `:` or anything else the general path reads or refuses. */
const SPECIAL = 3;
const FIRST = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 48 && c <= 57) || c === 43 || c === 46 || c === 126) FIRST[c] = TYPED;
  else if (c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70) FIRST[c] = WORD;
  else if (c < 33 || c === DASH || c === COLON || isIndicator(c)) FIRST[c] = SPECIAL;
}

/**
 * Where the entries of every container start (keys of a mapping, the content of a sequence's
 * items; -1 for an item with nothing in it), in flat typed arrays instead of objects and arrays
 * per container: a large document has tens of thousands of containers, and the garbage collector
 * copies whatever the reader allocates (it all stays alive). Container `c` owns the entries
 * `start[c]` to `start[c] + count[c] - 1`; entry `e` starts at offset `off[e]`, holds the
 * container `kid[e]` (-1 for a scalar) and, in a mapping, has the key `key[e]`. It mirrors the
 * text (the first of duplicated keys), as the line index does.
 */
class Positions {
  start = new Int32Array(1024);
  count = new Int32Array(1024);
  /** 1 for a mapping, 0 for a sequence. */
  isMap = new Uint8Array(1024);
  containers = 0;
  off = new Int32Array(4096);
  kid = new Int32Array(4096);
  readonly key: string[] = [];
  entries = 0;
  /** Key lookup tables of large mappings, built on first use. */
  private readonly index = new Map<number, Map<string, number>>();

  /** Add a container whose entries are those of the scratch stack from `from` on (and pop them). */
  add(isMap: boolean, s: Scratch, from: number): number {
    const n = s.n - from;
    const c = this.containers++;
    if (c === this.start.length) {
      this.start = grow(this.start);
      this.count = grow(this.count);
      const m = new Uint8Array(this.isMap.length * 2);
      m.set(this.isMap);
      this.isMap = m;
    }
    const e = this.entries;
    while (e + n > this.off.length) {
      this.off = grow(this.off);
      this.kid = grow(this.kid);
    }
    this.start[c] = e;
    this.count[c] = n;
    this.isMap[c] = isMap ? 1 : 0;
    // Element by element: most containers have a few entries, and a subarray view is an object.
    const off = this.off;
    const kid = this.kid;
    const key = this.key;
    for (let i = 0; i < n; i++) {
      off[e + i] = s.off[from + i]!;
      kid[e + i] = s.kid[from + i]!;
      key.push(s.key[from + i]!);
    }
    this.entries = e + n;
    s.n = from;
    return c;
  }

  /** The entry of container `c` that `seg` names, or -1. */
  entryOf(c: number, seg: string): number {
    const start = this.start[c]!;
    const n = this.count[c]!;
    if (this.isMap[c] === 0) {
      const i = Number(seg);
      return i >= 0 && i < n && String(i) === seg ? start + i : -1;
    }
    if (n <= 8) {
      for (let i = 0; i < n; i++) if (this.key[start + i] === seg) return start + i;
      return -1;
    }
    let index = this.index.get(c);
    if (!index) {
      index = new Map();
      for (let i = n - 1; i >= 0; i--) index.set(this.key[start + i]!, start + i);
      this.index.set(c, index);
    }
    return index.get(seg) ?? -1;
  }

  /** Lookup tables of large mappings by escaped key (as a pointer writes it), built on first use. */
  private readonly escaped = new Map<number, Map<string, number>>();
  /** Per mapping, its entry that the last lookup found (lookups try it first); made on first use. */
  private hint: Int32Array | undefined;
  /** The last segment with a `~` looked up (a path, mostly), its mapping and its entry. */
  private tildeSeg = '';
  private tildeC = -1;
  private tildeE = -1;
  /** The parent (all but the last segment) of the last pointer looked up, its container and offset. */
  private parent = '';
  private parentC = -1;
  private parentOff = 0;

  /**
   * Offset of the node at a JSON pointer (or of its nearest existing ancestor), `root` being the
   * document's container at `rootOffset`. It runs for every finding of an audit, mostly in V8's
   * interpreter, where each step counts: segments are read in place (no string per segment), a
   * mapping's entry found last time is tried first, and a pointer that shares the last one's parent
   * (the properties of one schema, reported one after the other) starts from it. The 5,377 finding
   * pointers of the generated benchmark document, looked up alone: about 6 ms instead of 22.
   */
  offsetOfPointer(pointer: string, root: number, rootOffset: number): number {
    if (pointer === '' || pointer === '/') return rootOffset;
    const len = pointer.length;
    const count = this.count;
    const starts = this.start;
    const isMap = this.isMap;
    const keys = this.key;
    const hint = (this.hint ??= new Int32Array(this.containers));
    let c = root;
    let best = rootOffset;
    // As pointerSegments reads it: everything after the first character, split at each '/'.
    let from = 1;
    const parent = this.parent;
    const sameParent = parent.length > 0 && len > parent.length && pointer.charCodeAt(parent.length) === 47 && pointer.startsWith(parent);
    if (sameParent) {
      c = this.parentC;
      best = this.parentOff;
      from = parent.length + 1;
    }
    // The next '~' at or after the segment being read (in an OpenAPI document, mostly in the path
    // of `/paths/~1a~1{id}/get`).
    let tilde = pointer.indexOf('~', from);
    for (;;) {
      let end = pointer.indexOf('/', from);
      if (end < 0) {
        end = len;
        if (!sameParent && from > 1) {
          this.parent = pointer.slice(0, from - 1);
          this.parentC = c;
          this.parentOff = best;
        }
      }
      const n = count[c]!;
      const first = starts[c]!;
      let e = -1;
      if (isMap[c] === 0) {
        // As entryOf's Number(seg) and String(i) === seg: decimal digits, no leading zero.
        if (end === from || (end - from > 1 && pointer.charCodeAt(from) === 48)) break;
        let i = 0;
        for (let k = from; k < end; k++) {
          const d = pointer.charCodeAt(k) - 48;
          if (d < 0 || d > 9 || (i = i * 10 + d) >= n) {
            i = -1;
            break;
          }
        }
        if (i < 0) break;
        e = first + i;
      } else if (tilde < 0 || tilde > end) {
        // No '~': the segment is the key itself.
        const w = end - from;
        const h = first + hint[c]!;
        if (n > 0 && keys[h]!.length === w && pointer.startsWith(keys[h]!, from)) e = h;
        else {
          if (n <= 8) {
            for (let i = first; i < first + n; i++) {
              if (keys[i]!.length === w && pointer.startsWith(keys[i]!, from)) {
                e = i;
                break;
              }
            }
          } else e = this.entryAt(c, pointer.slice(from, end), false);
          if (e < 0) break;
          hint[c] = e - first;
        }
      } else {
        const t = this.tildeSeg;
        if (c === this.tildeC && t.length === end - from && pointer.startsWith(t, from)) e = this.tildeE;
        else {
          const seg = pointer.slice(from, end);
          e = this.entryAt(c, seg, true);
          if (e < 0) break;
          this.tildeSeg = seg;
          this.tildeC = c;
          this.tildeE = e;
        }
        tilde = pointer.indexOf('~', end);
      }
      const o = this.off[e]!;
      if (o < 0) break;
      best = o;
      c = this.kid[e]!;
      if (c < 0 || end === len) break;
      from = end + 1;
    }
    return best;
  }

  /** The entry of mapping `c` that the pointer segment `seg` names (escaped, holding a `~` if `tilde`), or -1. */
  private entryAt(c: number, seg: string, tilde: boolean): number {
    const n = this.count[c]!;
    if (n <= 8) return this.entryOf(c, tilde ? unescapeSegment(seg) : seg);
    // A key holding no `~` or `/` is its own escape: most segments are looked up as they are.
    let index = this.escaped.get(c);
    if (!index) {
      const start = this.start[c]!;
      index = new Map();
      for (let i = n - 1; i >= 0; i--) index.set(escapePointer(this.key[start + i]!), start + i);
      this.escaped.set(c, index);
    }
    const e = index.get(seg);
    if (e !== undefined) return e;
    // A `~` not followed by 0 or 1 stays as it is in the key: look it up in its escaped form.
    return tilde ? (index.get(escapePointer(unescapeSegment(seg))) ?? -1) : -1;
  }
}

/** A pointer segment's key: `~1` is `/` and `~0` is `~`, as pointerSegments decodes it. */
function unescapeSegment(seg: string): string {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The entries of the containers being read (innermost last), until they move to {@link Positions}. */
class Scratch {
  off = new Int32Array(256);
  kid = new Int32Array(256);
  readonly key: string[] = [];
  n = 0;

  push(off: number, kid: number, key: string): void {
    const i = this.n++;
    if (i === this.off.length) {
      this.off = grow(this.off);
      this.kid = grow(this.kid);
    }
    this.off[i] = off;
    this.kid[i] = kid;
    this.key[i] = key;
  }
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Positions recorded while parsing: where each key of a mapping and each item of a sequence starts. */
export interface FastYaml {
  readonly value: unknown;
  /** Offset of the node at `segments` (or of its nearest existing ancestor). */
  offsetOf(segments: readonly string[]): number;
  /** The same for a JSON pointer (`/a/b~1c`), read segment by segment without splitting it. */
  offsetOfPointer(pointer: string): number;
  /** Where each line of the text starts (for line and column lookups). */
  readonly lineStarts: Int32Array;
}

/**
 * The key cache's slot for the key text `t.slice(from, end)`: its first, last and next-to-last
 * characters and its length (fewer collisions among the keys of an OpenAPI document than first
 * and last alone: about 2,900 misses in the generated 5 MB document's 29,000 keys, not 4,000).
 */
function keySlot(t: string, from: number, end: number): number {
  return (t.charCodeAt(from) * 7 + t.charCodeAt(end - 1) * 31 + t.charCodeAt(end - 2) * 131 + (end - from) * 3) & (KEY_CACHE_SIZE - 1);
}

/**
 * Whether a plain scalar is certainly a string: js-yaml's null, bool, int and float all start with
 * a digit, `+`, `-`, `.` or `~`, or are one of the words null, true and false (at most 5 letters).
 */
function isPlainString(s: string): boolean {
  const c = s.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 126) return false;
  // null, true, false in their three spellings are the only words js-yaml resolves
  return !((c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70) && s.length <= 5);
}

/**
 * The property name a plain mapping key becomes, as js-yaml makes it: the key resolved as a plain
 * scalar, then made a string (`1e3` -> `1000`, `0x1F` -> `31`, `~` -> `null`, `.inf` -> `Infinity`).
 */
export function plainKeyName(raw: string): string {
  if (isPlainString(raw)) return raw;
  const v = resolvePlain(raw);
  return v === raw ? raw : String(v);
}

/** A plain scalar, resolved exactly as js-yaml resolves it (its implicit types, in its order). */
function resolvePlain(s: string): unknown {
  // Indexed: a for-of step allocates in V8's interpreter and baseline code, where this mostly runs.
  for (let i = 0; i < IMPLICIT.length; i++) {
    const t = IMPLICIT[i]!;
    if (t.resolve(s)) return t.construct(s);
  }
  return s;
}

/**
 * Give a new, empty object dictionary ("slow") elements before keys like `200` are set on it.
 * V8 keeps integer-like keys as elements, and on an object with none yet, setting `200` makes a
 * fast backing store of about 320 slots (`400` then about 620): some 7 KB for a response map
 * with three status codes, which every `Object.keys` of it copies again. An index past V8's gap
 * limit (1024) turns the elements into a small hash table instead, and they stay one after the
 * index is deleted. Keys, their order and values are the same either way; only V8's storage differs.
 */
function useSlowElements(obj: Record<number, unknown>): void {
  obj[0x7fffffff] = null;
  delete obj[0x7fffffff];
}

function setProperty(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { configurable: true, enumerable: true, writable: true, value });
  else obj[key] = value;
}

/** Parse `text` (no BOM) or return undefined when it is outside the subset. */
export function parseFastYaml(text: string): FastYaml | undefined {
  if (OUTSIDE_PLAIN.test(text)) {
    if (text.includes('\t') || text.includes('\r') || CONTROL.test(text)) return undefined;
    if (SURROGATE.test(text) && NON_PRINTABLE.test(text)) return undefined;
  }
  try {
    return new Reader(text).read();
  } catch (err) {
    if (err === GIVE_UP || err instanceof RangeError) return undefined;
    throw err;
  }
}

class Reader {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** Leading spaces of each line. */
  private readonly spaces: Int32Array;
  /**
   * Indentation of each line with content, -1 for a blank or comment line; one more entry, -2,
   * ends the text (below every indentation, so the loops need no separate end test).
   */
  private readonly ind: Int32Array;
  /**
   * Where the colon of a plain key on each line is (the first `: `, or a colon at the line's end,
   * from its content on), -1 for none; only read for lines without a `#` before it (a comment could hide it).
   */
  private readonly colons: Int32Array;
  /** {@link HAS_HASH}, {@link KEY_HASH}, {@link VALUE_COLON} and {@link TRAILING} of each line. */
  private readonly marks: Uint8Array;
  private readonly n: number;
  /** The next `#` at or after the current reading position (the reader moves forward). */
  private hashAt = -1;
  /** The next `:` at or after the current reading position. */
  private colonAt = -1;
  /** The next backslash at or after the current reading position. */
  private slashAt = -1;
  /** The value and positions of the node just read. */
  private value: unknown = null;
  /** Its container in {@link Positions}, -1 for a scalar. */
  private pos = -1;
  private readonly positions = new Positions();
  private readonly scratch = new Scratch();
  /** Plain keys read so far, one per slot of first and last character and length (see {@link key}). */
  private readonly keys: (string | undefined)[] = new Array<string | undefined>(KEY_CACHE_SIZE).fill(undefined);
  /** The same for quoted keys (status codes): their text between the quotes, without escapes. */
  private readonly quotedKeys: (string | undefined)[] = new Array<string | undefined>(KEY_CACHE_SIZE).fill(undefined);

  constructor(private readonly t: string) {
    const len = t.length;
    let n = 1;
    for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) n++;
    this.n = n;
    const starts = (this.starts = new Int32Array(n));
    const ends = (this.ends = new Int32Array(n));
    const spaces = (this.spaces = new Int32Array(n));
    const ind = (this.ind = new Int32Array(n + 1));
    const colons = (this.colons = new Int32Array(n));
    const marks = (this.marks = new Uint8Array(n));
    ind[n] = -2;
    // The next ':' and '#' at or after the line being read (len for none): one search each over
    // the text, where the mapping and sequence loops would otherwise search every line they read
    // (and a long plain value again for a ': ' in it).
    let colon = -1;
    let hash = -1;
    let guess = 0;
    let s = 0;
    for (let l = 0; l < n; l++) {
      let e = t.indexOf('\n', s);
      if (e < 0) e = len;
      starts[l] = s;
      ends[l] = e;
      // Most lines are indented at least as deep as the content line before them: one comparison
      // skips those spaces instead of a step per space.
      // The end of a nested block mostly goes back one level (two spaces): a second comparison.
      let i = s;
      if (guess > 0) {
        if (t.startsWith(INDENTS[guess]!, s)) i += guess;
        else if (guess > 2 && t.startsWith(INDENTS[guess - 2]!, s)) i += guess - 2;
      }
      // The line ends with '\n' or the text (NaN): no end test needed.
      let ch = t.charCodeAt(i);
      while (ch === SPACE) ch = t.charCodeAt(++i);
      spaces[l] = i - s;
      if (i === e || ch === HASH) {
        ind[l] = -1;
        s = e + 1;
        continue;
      }
      ind[l] = i - s;
      guess = i - s < INDENTS.length ? i - s : 0;
      let m = 0;
      if (hash < i) {
        hash = t.indexOf('#', i);
        if (hash < 0) hash = len;
      }
      if (colon < i) {
        colon = t.indexOf(':', i);
        if (colon < 0) colon = len;
      }
      let key = -1;
      if (colon < e) {
        while (colon + 1 < e && t.charCodeAt(colon + 1) !== SPACE) {
          colon = t.indexOf(':', colon + 1);
          if (colon < 0) colon = len;
        }
        if (colon < e) {
          key = colon;
          colon = t.indexOf(':', colon + 1);
          if (colon < 0) colon = len;
          if (colon < e) m |= VALUE_COLON;
        } else m |= VALUE_COLON;
      }
      colons[l] = key;
      if (hash < e) m |= key < 0 || hash < key ? HAS_HASH | KEY_HASH : HAS_HASH;
      if (t.charCodeAt(e - 1) === SPACE) m |= TRAILING;
      marks[l] = m;
      s = e + 1;
    }
  }

  read(): FastYaml {
    let l = this.nextContent(0);
    if (l >= this.n) throw GIVE_UP;
    const s = this.starts[l]!;
    if (this.t.charCodeAt(s) === 37) throw GIVE_UP; // %YAML / %TAG directives
    if (this.t.startsWith('---', s)) {
      if (this.restIsEmpty(s + 3)) l = this.nextContent(l + 1);
      else throw GIVE_UP;
    }
    if (l >= this.n || this.ind[l] !== 0) throw GIVE_UP;
    const rootOffset = this.starts[l]!;
    const next = this.node(l, 0, 1);
    if (this.nextContent(next) < this.n) throw GIVE_UP;
    const value = this.value;
    if (value === null || typeof value !== 'object') throw GIVE_UP;
    const root = this.pos;
    const p = this.positions;
    return {
      value,
      lineStarts: this.starts,
      offsetOf(segments: readonly string[]): number {
        let best = rootOffset;
        let c = root;
        for (const seg of segments) {
          if (c < 0) break;
          const e = p.entryOf(c, seg);
          if (e < 0 || p.off[e]! < 0) break;
          best = p.off[e]!;
          c = p.kid[e]!;
        }
        return best;
      },
      offsetOfPointer: (pointer: string): number => p.offsetOfPointer(pointer, root, rootOffset),
    };
  }

  private nextContent(l: number): number {
    while (l < this.n && this.ind[l] === -1) l++;
    return l;
  }

  /** Only spaces, or spaces and a comment, from `i` to the end of its line. */
  private restIsEmpty(i: number): boolean {
    const t = this.t;
    if (i < t.length && t.charCodeAt(i) !== SPACE && t.charCodeAt(i) !== 10) return false;
    while (i < t.length && t.charCodeAt(i) === SPACE) i++;
    return i >= t.length || t.charCodeAt(i) === 10 || t.charCodeAt(i) === HASH;
  }

  private isDashAt(i: number, end: number): boolean {
    return this.t.charCodeAt(i) === DASH && (i + 1 >= end || this.t.charCodeAt(i + 1) === SPACE);
  }

  /** A block node whose first line is `l` (a content line): a sequence or a mapping. Returns the line after it. */
  private node(l: number, parentIndent: number, depth: number): number {
    const c = this.ind[l]!;
    if (c < parentIndent) throw GIVE_UP;
    const s = this.starts[l]!;
    if (this.isDashAt(s + c, this.ends[l]!)) return this.sequence(l, c, depth);
    return this.mapping(l, c, depth);
  }

  /** A block sequence whose items start at column `n`, the first on line `l`. */
  private sequence(l: number, n: number, depth: number): number {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    const t = this.t;
    // In locals: most of the reader runs in V8's interpreter and baseline code, where each
    // property load is a call of its own.
    const starts = this.starts;
    const ends = this.ends;
    const ind = this.ind;
    const marks = this.marks;
    const arr: unknown[] = [];
    const scratch = this.scratch;
    const from = scratch.n;
    for (;;) {
      const s = starts[l]!;
      const e = ends[l]!;
      let q = s + n + 1;
      while (q < e && t.charCodeAt(q) === SPACE) q++;
      let next: number;
      let at: number;
      const c = q < e ? t.charCodeAt(q) : HASH;
      if (c === HASH) {
        let nl = l + 1;
        while (ind[nl] === -1) nl++;
        const c2 = ind[nl]!;
        if (c2 > n) {
          at = starts[nl]! + c2;
          next = t.charCodeAt(at) === DASH && (at + 1 >= ends[nl]! || t.charCodeAt(at + 1) === SPACE) ? this.sequence(nl, c2, depth + 1) : this.mapping(nl, c2, depth + 1);
        } else {
          at = -1;
          this.value = null;
          this.pos = -1;
          next = l + 1;
        }
      } else {
        at = q;
        const m = marks[l]!;
        if (c === DASH && (q + 1 >= e || t.charCodeAt(q + 1) === SPACE)) next = this.sequence(l, q - s, depth + 1); // `- - x`: a sequence in a sequence
        else if (c === 124 || c === 62) next = this.blockScalar(l, q, n);
        else if (c === DQUOTE || c === SQUOTE || (m & KEY_HASH) !== 0 ? this.keyEnd(q, e) >= 0 : this.colons[l]! >= 0) next = this.mapping(l, q - s, depth + 1);
        else {
          this.plainValue(q, e, c, m);
          next = l + 1;
        }
      }
      arr.push(this.value);
      const i = scratch.n;
      if (i === scratch.off.length) {
        scratch.off = grow(scratch.off);
        scratch.kid = grow(scratch.kid);
      }
      scratch.off[i] = at;
      scratch.kid[i] = this.pos;
      scratch.key[i] = '';
      scratch.n = i + 1;
      // The next content line; a more-indented one would continue a one-line scalar (js-yaml's
      // multi-line plain scalars) or be out of place.
      l = next;
      while (ind[l] === -1) l++;
      if (ind[l]! < n) break;
      if (ind[l]! > n) throw GIVE_UP;
      const d = starts[l]! + n;
      if (t.charCodeAt(d) !== DASH || (d + 1 < ends[l]! && t.charCodeAt(d + 1) !== SPACE)) break;
    }
    this.value = arr;
    this.pos = this.positions.add(false, scratch, from);
    return l;
  }

  /**
   * A block mapping whose keys sit at column `n`; the first key is on line `l` (after a sequence
   * dash, `- key: value`, or at the start of its line), the others start their own lines.
   */
  private mapping(l: number, n: number, depth: number): number {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    const t = this.t;
    const starts = this.starts;
    const ends = this.ends;
    const ind = this.ind;
    const marks = this.marks;
    const colons = this.colons;
    const keys = this.keys;
    const obj: Record<string, unknown> = {};
    let slow = false;
    const scratch = this.scratch;
    const from = scratch.n;
    for (;;) {
      const e = ends[l]!;
      const k = starts[l]! + n;
      const c = t.charCodeAt(k);
      if (n === 0 && (t.startsWith('---', k) || t.startsWith('...', k))) throw GIVE_UP;
      if (c === DASH && (k + 1 >= e || t.charCodeAt(k + 1) === SPACE)) throw GIVE_UP;
      const m = marks[l]!;
      const quoted = c === DQUOTE || c === SQUOTE;
      const colon = quoted || (m & KEY_HASH) !== 0 ? this.keyEnd(k, e) : colons[l]!;
      if (colon < 0) throw GIVE_UP;
      // A key read before comes from the cache (see key), here without a call. Such keys are
      // never __proto__, and only quoted ones start with a digit.
      // Each character is read once (keySlot's first and last, the trimmed end).
      let from1 = k;
      let end = colon;
      let first = c;
      let last = t.charCodeAt(end - 1);
      while (last === SPACE && end > k) last = t.charCodeAt(--end - 1);
      if (quoted) {
        from1 = k + 1;
        end--;
        first = t.charCodeAt(from1);
        last = t.charCodeAt(end - 1);
      }
      const len = end - from1;
      // keySlot(t, from1, end), without the call
      let key = (quoted ? this.quotedKeys : keys)[(first * 7 + last * 31 + t.charCodeAt(end - 2) * 131 + len * 3) & (KEY_CACHE_SIZE - 1)];
      let cached = true;
      if (key === undefined || key.length !== len || !t.startsWith(key, from1)) {
        // Before the value: the reader moves forward (see hashAt).
        key = this.key(k, colon);
        cached = false;
      }
      // A key's colon is followed by a space or ends its line; the line ends with '\n' or the text.
      let q = colon + 1 < e ? colon + 2 : e;
      let v = t.charCodeAt(q);
      while (v === SPACE) v = t.charCodeAt(++q);
      if (q >= e) v = HASH;
      let next: number;
      let val: unknown = null;
      let kid = -1;
      const kind = v < 128 ? FIRST[v]! : PLAIN;
      if (kind !== SPECIAL && (m & (HAS_HASH | VALUE_COLON)) === 0) {
        // A plain scalar with no '#' or ':' after its key (inlineValue would find nothing to refuse).
        let stop = e;
        if ((m & TRAILING) !== 0) while (t.charCodeAt(stop - 1) === SPACE) stop--;
        const raw = t.slice(q, stop);
        val = kind === PLAIN || (kind === WORD && stop - q > 5) ? raw : resolvePlain(raw);
        next = l + 1;
      } else {
        if (v === HASH) {
          let nl = l + 1;
          while (ind[nl] === -1) nl++;
          // A nested sequence or mapping (as node reads it, without the call), or a sequence at
          // the key's own column.
          const c2 = ind[nl]!;
          next = -1;
          if (c2 >= n) {
            const d = starts[nl]! + c2;
            if (t.charCodeAt(d) === DASH && (d + 1 >= ends[nl]! || t.charCodeAt(d + 1) === SPACE)) next = this.sequence(nl, c2, depth + 1);
            else if (c2 > n) next = this.mapping(nl, c2, depth + 1);
          }
          if (next < 0) {
            this.value = null;
            this.pos = -1;
            next = l + 1;
          }
        } else if (v === 124 || v === 62) next = this.blockScalar(l, q, n);
        else {
          this.inlineValue(q, e);
          next = l + 1;
        }
        val = this.value;
        kid = this.pos;
      }
      // A cached key is never __proto__.
      if (!cached && key === '__proto__') setProperty(obj, key, val);
      else {
        // A key starting with a digit may be an element (see useSlowElements).
        if (!slow) {
          const d = key.charCodeAt(0);
          if (d >= 48 && d <= 57) {
            useSlowElements(obj);
            slow = true;
          }
        }
        obj[key] = val;
      }
      // Scratch.push written out: one call less per key line, where most of the reader runs in
      // V8's baseline tier.
      const i = scratch.n;
      if (i === scratch.off.length) {
        scratch.off = grow(scratch.off);
        scratch.kid = grow(scratch.kid);
      }
      scratch.off[i] = k;
      scratch.kid[i] = kid;
      scratch.key[i] = key;
      scratch.n = i + 1;
      // As in sequence: a more-indented line here would continue a one-line scalar.
      l = next;
      let il = ind[l]!;
      while (il === -1) il = ind[++l]!;
      if (il < n) break;
      if (il > n) throw GIVE_UP;
    }
    this.value = obj;
    this.pos = this.positions.add(true, scratch, from);
    return l;
  }

  /**
   * A one-line value at `q` (not a block scalar) whose first character is `c`, on a line [.., e)
   * with the marks `m`: a plain scalar without `#` or `:` after its key is sliced and resolved
   * here, anything else is read by inlineValue.
   */
  private plainValue(q: number, e: number, c: number, m: number): void {
    const kind = c < 128 ? FIRST[c]! : PLAIN;
    if (kind === SPECIAL || (m & (HAS_HASH | VALUE_COLON)) !== 0) {
      this.inlineValue(q, e);
      return;
    }
    const t = this.t;
    let end = e;
    if ((m & TRAILING) !== 0) while (t.charCodeAt(end - 1) === SPACE) end--;
    const raw = t.slice(q, end);
    this.value = kind === PLAIN || (kind === WORD && end - q > 5) ? raw : resolvePlain(raw);
    this.pos = -1;
  }

  private scalar(v: unknown): void {
    this.value = v;
    this.pos = -1;
  }

  /** Where a comment (` #`) starts on the line [q, e), or -1. */
  private commentAt(q: number, e: number): number {
    const t = this.t;
    if (this.hashAt < q) {
      this.hashAt = t.indexOf('#', q);
      if (this.hashAt < 0) this.hashAt = t.length;
    }
    if (this.hashAt >= e) return -1;
    for (let i = Math.max(this.hashAt, q + 1); i < e; i++) {
      if (t.charCodeAt(i) === HASH && t.charCodeAt(i - 1) === SPACE) return i - 1;
    }
    return -1;
  }

  /**
   * Where the colon of a simple key starting at `k` is, or -1 when the line at `k` is not a key.
   * Plain keys end at the first `: ` (or a colon at the end of the line); quoted keys at their quote.
   */
  private keyEnd(k: number, e: number): number {
    const t = this.t;
    const c = t.charCodeAt(k);
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.quoteEnd(k, e);
      let i = close + 1;
      while (i < e && t.charCodeAt(i) === SPACE) i++;
      if (i < e && t.charCodeAt(i) === COLON && (i + 1 >= e || t.charCodeAt(i + 1) === SPACE)) return i;
      return -1;
    }
    if (this.colonAt < k) {
      this.colonAt = t.indexOf(':', k);
      if (this.colonAt < 0) this.colonAt = t.length;
    }
    let i = this.colonAt;
    while (i + 1 < e && t.charCodeAt(i + 1) !== SPACE) {
      i = t.indexOf(':', i + 1);
      if (i < 0) return -1;
    }
    if (i >= e) return -1;
    // Most lines have no `#` before their colon: the next `#` (when known to be past `k`) says so
    // without a search.
    if (this.hashAt >= i) return i;
    const hash = this.commentAt(k, e);
    return hash >= 0 && hash < i ? -1 : i;
  }

  /** The key text from `k` to its colon. */
  private key(k: number, colon: number): string {
    const t = this.t;
    const c = t.charCodeAt(k);
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.quoteEnd(k, colon);
      const value = this.quoted(k, close);
      // Kept when it is its text as is (no escapes) and would read the same in either quotes.
      const len = close - k - 1;
      if (len > 0 && value.length === len && !value.includes('\\') && !value.includes("'") && value !== '__proto__') {
        this.quotedKeys[keySlot(t, k + 1, close)] = value;
      }
      return value;
    }
    if (isIndicator(c) || c === COLON) throw GIVE_UP;
    let end = colon;
    while (end > k && t.charCodeAt(end - 1) === SPACE) end--;
    if (end === k || end - k > 1024) throw GIVE_UP;
    // The same keys (type, description, properties...) come back tens of thousands of times: a
    // key read before is returned again, compared in place, instead of a new copy of it (which
    // V8 would also look up in its string table again when it becomes a property name).
    const len = end - k;
    const slot = keySlot(t, k, end);
    const known = this.keys[slot];
    if (known !== undefined && known.length === len && t.startsWith(known, k)) return known;
    const raw = t.slice(k, end);
    // Short words starting like null, true or false (type, name, note) are plain when js-yaml
    // resolves them to themselves.
    const name = plainKeyName(raw);
    if (name !== raw) return name;
    // Never __proto__ or a key starting with a digit: mapping sets a key from the cache as an
    // ordinary property, without useSlowElements.
    if (raw !== '__proto__' && !(c >= 48 && c <= 57)) this.keys[slot] = raw;
    return raw;
  }

  /** The index of the closing quote of the scalar opening at `k`, on the same line. */
  private quoteEnd(k: number, e: number): number {
    const t = this.t;
    const q = t.charCodeAt(k);
    // Searched for, not stepped through, unless a backslash comes first (`$ref: "#/..."` values,
    // status codes).
    if (q === SQUOTE) {
      let i = t.indexOf("'", k + 1);
      while (i >= 0 && i < e && t.charCodeAt(i + 1) === SQUOTE) i = t.indexOf("'", i + 2);
      if (i < 0 || i >= e) throw GIVE_UP; // a quoted scalar over several lines
      return i;
    }
    if (this.slashAt < k) {
      this.slashAt = t.indexOf('\\', k);
      if (this.slashAt < 0) this.slashAt = t.length;
    }
    const close = t.indexOf('"', k + 1);
    if (close >= 0 && close < e && close < this.slashAt) return close;
    for (let i = k + 1; i < e; i++) {
      const d = t.charCodeAt(i);
      if (q === DQUOTE && d === 92) {
        i++;
        continue;
      }
      if (d === q) {
        if (q === SQUOTE && t.charCodeAt(i + 1) === SQUOTE) {
          i++;
          continue;
        }
        return i;
      }
    }
    throw GIVE_UP; // a quoted scalar over several lines
  }

  /** The value of a quoted scalar from `k` to its closing quote `close`. */
  private quoted(k: number, close: number): string {
    const t = this.t;
    const raw = t.slice(k + 1, close);
    if (t.charCodeAt(k) === SQUOTE) return raw.includes("''") ? raw.replace(/''/g, "'") : raw;
    if (!raw.includes('\\')) return raw;
    let out = '';
    let from = 0;
    for (let i = raw.indexOf('\\'); i >= 0; i = raw.indexOf('\\', from)) {
      out += raw.slice(from, i);
      const c = raw[i + 1] ?? '';
      const simple = ESCAPES[c];
      if (simple !== undefined) {
        out += simple;
        from = i + 2;
        continue;
      }
      const len = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
      const hex = raw.slice(i + 2, i + 2 + len);
      if (len === 0 || hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) throw GIVE_UP; // js-yaml reports it
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) throw GIVE_UP;
      out += code <= 0xffff ? String.fromCharCode(code) : String.fromCharCode(((code - 0x10000) >> 10) + 0xd800, ((code - 0x10000) & 0x3ff) + 0xdc00);
      from = i + 2 + len;
    }
    return out + raw.slice(from);
  }

  /** A scalar or empty flow collection that ends on its line, from `q` to the line end `e`. */
  private inlineValue(q: number, e: number): void {
    const t = this.t;
    const c = t.charCodeAt(q);
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.quoteEnd(q, e);
      if (!this.restIsEmpty(close + 1)) throw GIVE_UP;
      this.scalar(this.quoted(q, close));
      return;
    }
    if (c === 91 || c === 123) {
      const closer = c === 91 ? 93 : 125;
      if (t.charCodeAt(q + 1) === closer && this.restIsEmpty(q + 2)) {
        this.scalar(c === 91 ? [] : {});
        return;
      }
      throw GIVE_UP;
    }
    if (isIndicator(c) || c === COLON || this.isDashAt(q, e)) throw GIVE_UP;
    const hash = this.commentAt(q, e);
    let end = hash >= 0 ? hash : e;
    while (end > q && t.charCodeAt(end - 1) === SPACE) end--;
    const raw = t.slice(q, end);
    if (t.charCodeAt(end - 1) === COLON || raw.includes(': ')) throw GIVE_UP;
    this.scalar(isPlainString(raw) ? raw : resolvePlain(raw));
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar whose header is at `h` on line `l`, under a node
   * indented `parent` columns. Explicit indentation indicators and leading blank lines are left to
   * js-yaml. Returns the line after it.
   */
  private blockScalar(l: number, h: number, parent: number): number {
    const t = this.t;
    const folded = t.charCodeAt(h) === 62;
    let i = h + 1;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    const m = t.charCodeAt(i);
    if (m === DASH) chomp = 'strip';
    else if (m === 43) chomp = 'keep';
    if (chomp !== 'clip') i++;
    if (!this.restIsEmpty(i)) throw GIVE_UP;
    const first = l + 1;
    if (first >= this.n || this.starts[first]! + this.spaces[first]! === this.ends[first]!) throw GIVE_UP;
    const indent = this.spaces[first]!;
    if (indent <= parent) throw GIVE_UP;
    let out = '';
    let emptyRun = 0;
    // Folded text: whether the line before was more indented than the text (its content keeps its spaces).
    let moreIndented = false;
    let line = first;
    for (; line < this.n; line++) {
      const s = this.starts[line]!;
      const e = this.ends[line]!;
      const sp = this.spaces[line]!;
      if (s + sp === e) {
        // an empty line (only spaces): part of the text, unless it holds spaces past the indentation
        if (sp > indent) throw GIVE_UP;
        if (line === this.n - 1 && s === e) break; // the end of the text
        emptyRun++;
        continue;
      }
      if (sp < indent) break;
      const content = t.slice(s + indent, e);
      if (line === first) out = content;
      else if (folded) {
        // The line breaks before, inside and after a run of more-indented lines are kept, not folded.
        if (sp > indent || moreIndented) out += '\n'.repeat(emptyRun + 1) + content;
        else out += emptyRun === 0 ? ` ${content}` : '\n'.repeat(emptyRun) + content;
        moreIndented = sp > indent;
      }
      else out += '\n'.repeat(emptyRun + 1) + content;
      emptyRun = 0;
    }
    // The text must end with a line break for the last line's break to be well defined here.
    if (line >= this.n && !t.endsWith('\n')) throw GIVE_UP;
    if (chomp === 'clip') out += '\n';
    else if (chomp === 'keep') out += '\n'.repeat(emptyRun + 1);
    this.scalar(out);
    return line;
  }
}

/** Characters that cannot start a plain scalar here (flow, anchor, alias, tag, block, reserved...). */
function isIndicator(c: number): boolean {
  // [ ] { } , # & * ! | > ' " % @ ` ?
  return c === 91 || c === 93 || c === 123 || c === 125 || c === 44 || c === 35 || c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === 39 || c === 34 || c === 37 || c === 64 || c === 96 || c === 63;
}
