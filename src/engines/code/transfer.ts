/**
 * A compact transfer format for the lowered modules a parse worker sends back (see parallel.ts).
 *
 * Structured cloning the IR was the largest cost of the worker threads: the IR is made of many
 * small objects, and V8's serialiser writes every property name of every object and rebuilds each
 * object key by key (about 0.7 s to serialise and 1.5 s to deserialise the 175,000-line JavaScript
 * half of the benchmark corpus, the second on the main thread, where everything waits for it).
 * This format writes each value as tagged 32-bit integers into one transferable buffer, strings
 * once per message in a table, and each object's key list ("shape") once per worker; the reader
 * builds objects of a shape with one generated object literal, so they get the same hidden class
 * as those the lowering builds. Object identity is kept (a function is both in `functions` and in
 * the body that declares it), as with structured cloning.
 *
 * It carries what the IR is made of: plain objects, arrays, Maps, strings, numbers, booleans, null
 * and undefined. Anything else (a Set, a class instance, a cycle) makes {@link Packer.pack} throw,
 * and the worker then falls back to structured cloning for that message.
 */

const T_UNDEFINED = 0;
const T_NULL = 1;
const T_TRUE = 2;
const T_FALSE = 3;
const T_INT = 4;
const T_DOUBLE = 5;
const T_STRING = 6;
const T_OBJECT = 7;
const T_ARRAY = 8;
const T_REF = 9;
const T_MAP = 10;

/** One packed value, as posted from a worker (the buffer of `ints` is transferred, not copied). */
export interface Packed {
  readonly ints: Int32Array<ArrayBuffer>;
  readonly strings: readonly string[];
  readonly doubles: readonly number[];
  /** Key lists of the shapes first used in this message, in id order (ids continue the sender's earlier messages). */
  readonly shapes: readonly (readonly string[])[];
}

/** Writes values into {@link Packed} messages; keeps its shape table across messages (one per worker). */
export class Packer {
  /** Shapes as a trie of key names (no string is built per object): the id of the shape ending at a node, or -1. */
  private readonly shapes: ShapeNode = { id: -1, next: new Map() };
  private shapeCount = 0;
  private buf: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
  private n = 0;
  private strings: string[] = [];
  private stringIds = new Map<string, number>();
  private doubles: number[] = [];
  private newShapes: string[][] = [];
  private seen = new Map<object, number>();
  private nextId = 0;

  pack(value: unknown): Packed {
    this.n = 0;
    this.strings = [];
    this.stringIds = new Map();
    this.doubles = [];
    this.newShapes = [];
    this.seen = new Map();
    this.nextId = 0;
    const shapesBefore = this.shapeCount;
    try {
      this.value(value);
    } catch (err) {
      // forget the shapes of the failed message: the reader never sees them
      forgetShapes(this.shapes, shapesBefore);
      this.shapeCount = shapesBefore;
      throw err;
    }
    return { ints: this.buf.slice(0, this.n), strings: this.strings, doubles: this.doubles, shapes: this.newShapes };
  }

  private push(x: number): void {
    if (this.n === this.buf.length) {
      const bigger = new Int32Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.n++] = x;
  }

  private value(v: unknown): void {
    switch (typeof v) {
      case 'string': {
        let id = this.stringIds.get(v);
        if (id === undefined) { id = this.strings.length; this.strings.push(v); this.stringIds.set(v, id); }
        this.push(T_STRING);
        this.push(id);
        return;
      }
      case 'number':
        if ((v | 0) === v && !Object.is(v, -0)) { this.push(T_INT); this.push(v); }
        else { this.push(T_DOUBLE); this.push(this.doubles.length); this.doubles.push(v); }
        return;
      case 'boolean': this.push(v ? T_TRUE : T_FALSE); return;
      case 'undefined': this.push(T_UNDEFINED); return;
      case 'object': {
        if (v === null) { this.push(T_NULL); return; }
        const known = this.seen.get(v);
        if (known !== undefined) {
          this.push(T_REF);
          this.push(known);
          return;
        }
        this.seen.set(v, this.nextId++);
        if (Array.isArray(v)) {
          this.push(T_ARRAY);
          this.push(v.length);
          for (let i = 0; i < v.length; i++) this.value(v[i]);
        } else if (v instanceof Map) {
          this.push(T_MAP);
          this.push(v.size);
          for (const [k, x] of v) { this.value(k); this.value(x); }
        } else {
          const proto = Object.getPrototypeOf(v);
          if (proto !== Object.prototype && proto !== null) throw new Error('cannot pack a non-plain object');
          const o = v as Record<string, unknown>;
          // one pass over the keys: the values are written while the shape trie is walked, and the
          // shape id goes into the slot kept before them (the reader has every shape of a message
          // before it reads a value, so the nested objects' shapes may take their ids first)
          this.push(T_OBJECT);
          const slot = this.n;
          this.push(-1);
          let node = this.shapes;
          for (const k in o) {
            let next = node.next.get(k);
            if (next === undefined) { next = { id: -1, next: new Map() }; node.next.set(k, next); }
            node = next;
            this.value(o[k]);
          }
          let shape = node.id;
          if (shape === -1) {
            const keys = Object.keys(o);
            if (keys.includes('__proto__')) throw new Error('cannot pack a __proto__ key');
            shape = this.shapeCount++;
            node.id = shape;
            this.newShapes.push(keys);
          }
          this.buf[slot] = shape;
        }
        return;
      }
      default: throw new Error(`cannot pack a ${typeof v}`);
    }
  }
}

interface ShapeNode { id: number; readonly next: Map<string, ShapeNode> }

function forgetShapes(node: ShapeNode, from: number): void {
  if (node.id >= from) node.id = -1;
  for (const n of node.next.values()) forgetShapes(n, from);
}

type ShapeReader = (u: Unpacker) => Record<string, unknown>;

/** Reads {@link Packed} messages of one {@link Packer} (one per worker: the shape table continues across messages). */
export class Unpacker {
  private readonly readers: ShapeReader[] = [];
  private ints: Int32Array = new Int32Array(0);
  private pos = 0;
  private strings: readonly string[] = [];
  private doubles: readonly number[] = [];
  /** Objects and arrays read so far in this message, by id (for references to shared ones). */
  objs: unknown[] = [];

  unpack(p: Packed): unknown {
    for (const keys of p.shapes) this.readers.push(shapeReader(keys));
    this.ints = p.ints;
    this.pos = 0;
    this.strings = p.strings;
    this.doubles = p.doubles;
    this.objs = [];
    const v = this.value();
    this.objs = [];
    this.strings = [];
    this.ints = new Int32Array(0);
    return v;
  }

  /** The next value (called by the generated shape readers). */
  value(): unknown {
    const ints = this.ints;
    switch (ints[this.pos++]) {
      case T_STRING: return this.strings[ints[this.pos++]!];
      case T_INT: return ints[this.pos++];
      case T_OBJECT: return this.readers[ints[this.pos++]!]!(this);
      case T_ARRAY: {
        const id = this.objs.length;
        this.objs.push(undefined);
        const n = ints[this.pos++]!;
        const a: unknown[] = new Array(n);
        for (let i = 0; i < n; i++) a[i] = this.value();
        this.objs[id] = a;
        return a;
      }
      case T_REF: {
        const o = this.objs[ints[this.pos++]!];
        // a reference to an object still being read is a cycle, which the packer never writes
        if (o === undefined) throw new Error('corrupt transfer data: a reference to an unfinished object');
        return o;
      }
      case T_UNDEFINED: return undefined;
      case T_NULL: return null;
      case T_TRUE: return true;
      case T_FALSE: return false;
      case T_DOUBLE: return this.doubles[ints[this.pos++]!];
      case T_MAP: {
        const id = this.objs.length;
        this.objs.push(undefined);
        const n = ints[this.pos++]!;
        const m = new Map<unknown, unknown>();
        for (let i = 0; i < n; i++) { const k = this.value(); m.set(k, this.value()); }
        this.objs[id] = m;
        return m;
      }
      default: throw new Error(`corrupt transfer data at ${this.pos - 1}`);
    }
  }
}

/**
 * A reader for one shape: an object literal with the shape's keys in order, whose values are read
 * in order (property values of a literal are evaluated left to right).
 */
function shapeReader(keys: readonly string[]): ShapeReader {
  const props = keys.map((k) => `${JSON.stringify(k)}: u.value()`).join(', ');
  // generated from the key names only (JSON-quoted), so each shape is built by one object literal
  return new Function('u', `const id = u.objs.length; u.objs.push(undefined); const o = { ${props} }; u.objs[id] = o; return o;`) as ShapeReader;
}
