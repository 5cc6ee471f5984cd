/**
 * A lean view of a tree-sitter syntax tree for the lowering (lower-js.ts, lower-py.ts).
 *
 * web-tree-sitter's `Node` objects cost more than the parse itself for what the lowering does
 * with them: every node handed out is built through a generic marshalling layer (each 32-bit value
 * goes through `getValue`/`setValue` with a type string and a DataView), a class with several field
 * initialisers and a fresh position object, and `childForFieldName` looks the field's name up in an
 * array on every call. {@link SyntaxNode} calls the same WebAssembly functions of the runtime
 * directly, reads and writes the runtime's transfer buffer through its `Int32Array` view, looks
 * field ids up in a Map, and reads a node's text from the source string by its offsets.
 *
 * It depends on internals of web-tree-sitter 0.25 (the exact version is pinned in package.json):
 * the binding's exported functions and the transfer buffer's layout (a node is 5 int32 values: id,
 * start index, start row, start column, context). {@link leanBinding} checks that the functions
 * are there and {@link parse.ts} compares both views of a sample tree once per process; if
 * anything differs the lowering gets web-tree-sitter's own nodes, which have the same members.
 */
import type { Language } from 'web-tree-sitter';

export interface Point { readonly row: number; readonly column: number }

/** The members of a syntax node the lowering uses (web-tree-sitter's `Node` has them too). */
export interface SNode {
  readonly type: string;
  readonly text: string;
  readonly startPosition: Point;
  readonly endPosition: Point;
  readonly namedChildren: readonly (SNode | null)[];
  readonly children: readonly (SNode | null)[];
  readonly isNamed: boolean;
  readonly hasError: boolean;
  readonly isError: boolean;
  readonly isMissing: boolean;
  childForFieldName(name: string): SNode | null;
  childrenForFieldName(name: string): readonly (SNode | null)[];
}

/** The parts of the runtime's Emscripten module that {@link SyntaxNode} calls. */
export interface Binding {
  readonly HEAP32: Int32Array;
  _free(ptr: number): void;
  _ts_init(): number;
  _ts_tree_root_node_wasm(tree: number): void;
  _ts_node_symbol_wasm(tree: number): number;
  _ts_node_end_index_wasm(tree: number): number;
  _ts_node_end_point_wasm(tree: number): void;
  _ts_node_children_wasm(tree: number): void;
  _ts_node_named_children_wasm(tree: number): void;
  _ts_node_child_by_field_id_wasm(tree: number, field: number): void;
  _ts_node_children_by_field_id_wasm(tree: number, field: number): void;
  _ts_node_is_named_wasm(tree: number): number;
  _ts_node_has_error_wasm(tree: number): number;
  _ts_node_is_error_wasm(tree: number): number;
  _ts_node_is_missing_wasm(tree: number): number;
}

const FUNCTIONS = ['_free', '_ts_init', '_ts_tree_root_node_wasm', '_ts_node_symbol_wasm', '_ts_node_end_index_wasm', '_ts_node_end_point_wasm', '_ts_node_children_wasm', '_ts_node_named_children_wasm', '_ts_node_child_by_field_id_wasm', '_ts_node_children_by_field_id_wasm', '_ts_node_is_named_wasm', '_ts_node_has_error_wasm', '_ts_node_is_error_wasm', '_ts_node_is_missing_wasm'] as const;

/** The binding if the module object has everything {@link SyntaxNode} needs on a little-endian machine, else undefined. */
export function leanBinding(module: Record<string, unknown>): Binding | undefined {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) return undefined;
  for (const f of FUNCTIONS) if (typeof module[f] !== 'function') return undefined;
  if (!(module.HEAP32 instanceof Int32Array)) return undefined;
  return module as unknown as Binding;
}

// The runtime's functions in module-level slots: the Emscripten module object is a large object in
// dictionary mode, so reading a function from it on every call is a hash lookup.
let bound: Binding | undefined;
let heap32: Int32Array = new Int32Array(0);
let tbuf = 0;
let fFree: Binding['_free'];
let fRoot: Binding['_ts_tree_root_node_wasm'];
let fSymbol: Binding['_ts_node_symbol_wasm'];
let fEndIndex: Binding['_ts_node_end_index_wasm'];
let fEndPoint: Binding['_ts_node_end_point_wasm'];
let fChildren: Binding['_ts_node_children_wasm'];
let fNamedChildren: Binding['_ts_node_named_children_wasm'];
let fChildByField: Binding['_ts_node_child_by_field_id_wasm'];
let fChildrenByField: Binding['_ts_node_children_by_field_id_wasm'];
let fIsNamed: Binding['_ts_node_is_named_wasm'];
let fHasError: Binding['_ts_node_has_error_wasm'];
let fIsError: Binding['_ts_node_is_error_wasm'];
let fIsMissing: Binding['_ts_node_is_missing_wasm'];

function bind(b: Binding): void {
  if (bound === b) return;
  bound = b;
  heap32 = b.HEAP32;
  tbuf = b._ts_init() >> 2;
  fFree = b._free;
  fRoot = b._ts_tree_root_node_wasm;
  fSymbol = b._ts_node_symbol_wasm;
  fEndIndex = b._ts_node_end_index_wasm;
  fEndPoint = b._ts_node_end_point_wasm;
  fChildren = b._ts_node_children_wasm;
  fNamedChildren = b._ts_node_named_children_wasm;
  fChildByField = b._ts_node_child_by_field_id_wasm;
  fChildrenByField = b._ts_node_children_by_field_id_wasm;
  fIsNamed = b._ts_node_is_named_wasm;
  fHasError = b._ts_node_has_error_wasm;
  fIsError = b._ts_node_is_error_wasm;
  fIsMissing = b._ts_node_is_missing_wasm;
}

/** The runtime's memory as int32s; a new view when the memory has grown (the old one is then detached, length 0). */
function heap(): Int32Array {
  if (heap32.length === 0) heap32 = bound!.HEAP32;
  return heap32;
}

/** Field name to id, per grammar. */
const fieldIdCache = new WeakMap<Language, Map<string, number>>();

/** One parsed tree as {@link SyntaxNode}s see it. */
export class SyntaxTree {
  readonly fieldIds: Map<string, number>;
  readonly types: readonly string[];

  constructor(b: Binding, readonly addr: number, language: Language, readonly source: string) {
    bind(b);
    this.types = language.types;
    let ids = fieldIdCache.get(language);
    if (!ids) {
      ids = new Map();
      language.fields.forEach((name, id) => { if (name !== null && !ids!.has(name)) ids!.set(name, id); });
      fieldIdCache.set(language, ids);
    }
    this.fieldIds = ids;
  }

  get root(): SyntaxNode {
    fRoot(this.addr);
    const r = this.read();
    if (!r) throw new Error('tree without a root node');
    return r;
  }

  /** The node the runtime left in the transfer buffer, or null. */
  read(): SyntaxNode | null {
    const h = heap();
    const i = tbuf;
    const id = h[i]!;
    if (id === 0) return null;
    return new SyntaxNode(this, id, h[i + 1]!, h[i + 2]!, h[i + 3]!, h[i + 4]!);
  }

  /** Nodes of a list the runtime left in the transfer buffer (count, then the address of the list, which is freed). */
  readList(): SyntaxNode[] {
    const h = heap();
    const count = h[tbuf]!;
    const buffer = h[tbuf + 1]!;
    const out = new Array<SyntaxNode>(count);
    if (count > 0) {
      let i = buffer >> 2;
      for (let k = 0; k < count; k++, i += 5) out[k] = new SyntaxNode(this, h[i]!, h[i + 1]!, h[i + 2]!, h[i + 3]!, h[i + 4]!);
      fFree(buffer);
    }
    return out;
  }
}

const NO_NODES: readonly SyntaxNode[] = Object.freeze([]);

export class SyntaxNode implements SNode {
  private _type: string | undefined = undefined;
  private _named: SyntaxNode[] | undefined = undefined;
  private _children: SyntaxNode[] | undefined = undefined;

  constructor(private readonly t: SyntaxTree, private readonly id: number, readonly startIndex: number, readonly row: number, readonly column: number, private readonly ctx: number) {}

  /** Write this node into the transfer buffer (the argument of every node function). */
  private put(): number {
    const h = heap();
    const i = tbuf;
    h[i] = this.id;
    h[i + 1] = this.startIndex;
    h[i + 2] = this.row;
    h[i + 3] = this.column;
    h[i + 4] = this.ctx;
    return this.t.addr;
  }

  get type(): string {
    let ty = this._type;
    if (ty === undefined) {
      ty = this.t.types[fSymbol(this.put())] || 'ERROR';
      this._type = ty;
    }
    return ty;
  }

  get text(): string {
    return this.t.source.slice(this.startIndex, fEndIndex(this.put()));
  }

  get startPosition(): Point {
    return { row: this.row, column: this.column };
  }

  get endPosition(): Point {
    fEndPoint(this.put());
    const h = heap();
    return { row: h[tbuf]! >>> 0, column: h[tbuf + 1]! >>> 0 };
  }

  get namedChildren(): readonly SyntaxNode[] {
    if (this._named === undefined) {
      fNamedChildren(this.put());
      this._named = this.t.readList();
    }
    return this._named;
  }

  get children(): readonly SyntaxNode[] {
    if (this._children === undefined) {
      fChildren(this.put());
      this._children = this.t.readList();
    }
    return this._children;
  }

  childForFieldName(name: string): SyntaxNode | null {
    const field = this.t.fieldIds.get(name);
    if (field === undefined) return null;
    fChildByField(this.put(), field);
    return this.t.read();
  }

  childrenForFieldName(name: string): readonly SyntaxNode[] {
    const field = this.t.fieldIds.get(name);
    if (field === undefined || field === 0) return NO_NODES;
    fChildrenByField(this.put(), field);
    return this.t.readList();
  }

  get isNamed(): boolean { return fIsNamed(this.put()) === 1; }
  get hasError(): boolean { return fHasError(this.put()) === 1; }
  get isError(): boolean { return fIsError(this.put()) === 1; }
  get isMissing(): boolean { return fIsMissing(this.put()) === 1; }
}
