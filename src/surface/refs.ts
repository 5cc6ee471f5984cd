import { dirname, join, normalize, isAbsolute } from 'node:path';
import { ToolError } from '../core/errors.js';
import { escapePointer } from '../core/yaml-source.js';
import type { SourceDocument } from './source.js';
import { parseSpecSource, readDocumentFile } from './source.js';

/** A place in one of the spec's files. */
export interface SpecPlace {
  readonly file: string;
  readonly pointer: string;
}

/** What a `$ref` points at, after following chains of `$ref`s. */
export interface RefTarget extends SpecPlace {
  readonly value: unknown;
}

/** Reads a file a `$ref` names (absolute or relative to the working directory). Injected in tests. */
export type FileReader = (path: string) => string;

/**
 * Set on the object that stands for a `$ref` with sibling keywords (`{ $ref, nullable: true }`):
 * its `allOf[0]` is the referenced schema itself, not a part of a composition.
 */
export const REF_WITH_SIBLINGS: unique symbol = Symbol('rampart.refWithSiblings');

/** The most files one spec may pull in through `$ref`s. */
const MAX_FILES = 2000;

/**
 * Keys whose values are data, not OpenAPI objects: a `$ref` inside is not a reference. `examples`:
 * a schema's are data; elsewhere they are example objects, whose values are data (their own `$ref`s
 * are followed where the model reads them, and by {@link SpecFiles.followExampleRefs}).
 */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const', 'x-examples']);
/** Keys whose children are names chosen by the author (a property may be called `example`). */
const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions']);

function isUrl(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s);
}

/** Decode the fragment of a `$ref` into a JSON pointer (`#/a~1b/%7Bid%7D` -> `/a~1b/{id}`). */
export function fragmentToPointer(fragment: string): string {
  let f = fragment;
  try {
    f = decodeURIComponent(fragment);
  } catch {}
  return f === '/' ? '' : f;
}

/** Read the value at a JSON pointer, or undefined when a segment is missing. */
export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return root;
  let node: unknown = root;
  let start = 1;
  while (start <= pointer.length) {
    let end = pointer.indexOf('/', start);
    if (end < 0) end = pointer.length;
    let seg = pointer.slice(start, end);
    if (seg.includes('~')) seg = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(seg)) return undefined;
      node = node[Number(seg)];
    } else {
      if (!Object.hasOwn(node, seg)) return undefined;
      node = (node as Record<string, unknown>)[seg];
    }
    start = end + 1;
  }
  return node;
}

/** The `$ref` of the object at `at` (for error positions). */
function refPlace(at: SpecPlace): SpecPlace {
  return { file: at.file, pointer: `${at.pointer}/$ref` };
}

/** Whether `v` is a `$ref` object, which {@link SpecFiles.deref} follows (it returns anything else in place). */
export function isRef(v: unknown): boolean {
  return refOf(v) !== undefined;
}

function refOf(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const r = (v as Record<string, unknown>).$ref;
  return typeof r === 'string' ? r : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The files of one spec and the references between them. Files named by `$ref`s are read and
 * parsed on first use. `resolved()` makes a copy with every `$ref` replaced by the object it
 * points at; each target is copied once, so shared and circular schemas become shared (and
 * circular) object references. `originOf()` says where any copied object came from.
 */
export class SpecFiles {
  readonly files = new Map<string, SourceDocument>();
  // Maps, not WeakMaps: they live as long as the spec does, and tens of thousands of weak entries
  // cost the garbage collector far more than strong ones.
  private readonly copies = new Map<object, object>();
  private readonly origins = new Map<object, SpecPlace>();
  /** Targets of the `$ref`s already followed, by the file they are written in and the `$ref`. */
  private readonly targets = new Map<string, Map<string, RefTarget>>();
  private readonly read: FileReader | undefined;

  constructor(
    readonly rootFile: string,
    root: SourceDocument,
    read?: FileReader,
  ) {
    this.files.set(rootFile, root);
    this.read = read ?? (isUrl(rootFile) ? undefined : (p) => readDocumentFile(p));
  }

  /** The parsed root document. */
  get root(): unknown {
    return this.files.get(this.rootFile)!.value;
  }

  /** Line and column of a pointer in a file already loaded (1:1 when unknown). */
  positionOf(file: string, pointer: string): { line: number; column: number } {
    const doc = this.files.get(file);
    return doc ? doc.positionOf(pointer) : { line: 1, column: 1 };
  }

  /** The value at a pointer of a loaded file. */
  get(file: string, pointer: string): unknown {
    const doc = this.files.get(file);
    return doc ? valueAt(doc.value, pointer) : undefined;
  }

  private fileFor(ref: string, from: SpecPlace): string {
    if (isUrl(ref)) {
      throw this.error(`remote $ref "${ref}" is not fetched; bundle the spec or give a local file`, from);
    }
    if (isUrl(from.file)) {
      const u = new URL(ref, from.file);
      u.hash = '';
      return u.href;
    }
    return isAbsolute(ref) ? normalize(ref) : normalize(join(dirname(from.file), ref));
  }

  private error(message: string, at: SpecPlace): ToolError {
    const pos = this.positionOf(at.file, at.pointer);
    return new ToolError('E_SPEC_PARSE', message, { position: { file: at.file, line: pos.line, column: pos.column, pointer: at.pointer } });
  }

  private load(file: string, from: SpecPlace, ref: string): SourceDocument {
    const have = this.files.get(file);
    if (have) return have;
    if (!this.read) throw this.error(`$ref "${ref}" names another file, which cannot be read when the spec came as text from ${from.file}`, from);
    if (this.files.size >= MAX_FILES) throw this.error(`more than ${MAX_FILES} files are referenced`, from);
    let text: string;
    try {
      text = this.read(file);
    } catch (err) {
      if (err instanceof ToolError) throw err;
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw this.error(`broken $ref "${ref}": cannot read ${file} (${code})`, from);
    }
    const doc = parseSpecSource(text, file);
    this.files.set(file, doc);
    return doc;
  }

  /**
   * Where a `$ref` (or a plain JSON pointer) leads, from a place in a file: follows chains of
   * `$ref`s to the first value that is not one. `from.pointer` is the object holding the `$ref`
   * (used for error positions). Broken references throw `E_SPEC_PARSE` at the `$ref`.
   */
  resolveRef(ref: string, from: SpecPlace): RefTarget {
    // Where a reference leads depends only on the file it is written in: a large spec names the
    // same few schemas thousands of times.
    let known = this.targets.get(from.file);
    if (!known) {
      known = new Map();
      this.targets.set(from.file, known);
    }
    const have = known.get(ref);
    if (have) return have;
    const target = this.follow(ref, from);
    known.set(ref, target);
    return target;
  }

  private follow(ref: string, from: SpecPlace): RefTarget {
    let current = ref;
    let at: SpecPlace = from;
    // `file#pointer` of each value reached, to stop on loops (only chains of `$ref`s need it).
    let seen: Set<string> | undefined;
    for (;;) {
      const hash = current.indexOf('#');
      const filePart = hash < 0 ? current : current.slice(0, hash);
      const pointer = hash < 0 ? '' : fragmentToPointer(current.slice(hash + 1));
      if (pointer !== '' && !pointer.startsWith('/')) {
        throw this.error(`$ref "${current}" uses a plain-name fragment, which is not supported (use a JSON pointer)`, refPlace(at));
      }
      const file = filePart === '' ? at.file : this.fileFor(filePart, refPlace(at));
      const doc = filePart === '' ? this.files.get(file)! : this.load(file, refPlace(at), current);
      const value = valueAt(doc.value, pointer);
      if (value === undefined) {
        // The file is named when it is another one than the $ref's (whose file the error's position names).
        throw this.error(`broken $ref "${current}": ${pointer || '/'} does not exist${file === at.file ? '' : ` in ${file}`}`, refPlace(at));
      }
      const next = refOf(value);
      if (next === undefined && seen === undefined) return { file, pointer, value };
      const key = `${file}#${pointer}`;
      seen ??= new Set();
      if (seen.has(key)) throw this.error(`$ref "${ref}" loops back to itself without reaching a value`, refPlace(at));
      seen.add(key);
      if (next === undefined) return { file, pointer, value };
      at = { file, pointer };
      current = next;
    }
  }

  /**
   * Follow a value's `$ref` (if it is one) to what it points at; other values come back as they
   * are, with the file and pointer of `place` (only those: not a spread, which in V8 makes a copy
   * of `place` and then a second store for `value`).
   */
  deref(value: unknown, place: SpecPlace): RefTarget {
    const r = refOf(value);
    if (r === undefined) return { file: place.file, pointer: place.pointer, value };
    return this.resolveRef(r, place);
  }

  /**
   * {@link deref} of the value at `parent/key` of `file`: that pointer is only written when it is
   * returned, or for the error positions of a `$ref` not followed yet.
   */
  derefAt(value: unknown, file: string, parent: string, key: string | number): RefTarget {
    const r = refOf(value);
    if (r === undefined) return { file, pointer: `${parent}/${typeof key === 'number' ? key : escapePointer(key)}`, value };
    return this.targetOf(r, file, parent, key);
  }

  /** Where a copied object (from `resolved()`) came from. */
  originOf(node: object): SpecPlace | undefined {
    return this.origins.get(node);
  }

  /**
   * Follow the `$ref`s of the root document's reusable parts that building the model did not
   * reach (components no operation uses; Swagger 2.0's definitions, parameters and responses;
   * OpenAPI 3.1's webhooks), so that a broken one there is the same clear error (`E_SPEC_PARSE`
   * at the `$ref`) as one the audit uses. They are resolved as the model is ({@link resolvedAt}:
   * the same data rules; what the model reached is found in its copies) and the copies dropped.
   */
  followUnreachedRefs(): void {
    const doc = this.root;
    if (!isRecord(doc)) return;
    const file = this.rootFile;
    const each = (map: unknown, pointer: string) => {
      if (!isRecord(map)) return;
      for (const name in map) this.resolvedAt(map[name], file, pointer, name);
    };
    if (isRecord(doc.components)) {
      for (const section in doc.components) {
        if (section.startsWith('x-')) continue;
        const pointer = `/components/${escapePointer(section)}`;
        if (section === 'examples') this.followExampleRefs(doc.components[section], file, pointer);
        else each(doc.components[section], pointer);
      }
    }
    for (const section of ['definitions', 'parameters', 'responses', 'webhooks']) each(doc[section], `/${section}`);
  }

  /**
   * Follow the `$ref`s of a map of example objects at `pointer` of `file` (components' or a
   * parameter's `examples`): each object's own; its value is data.
   */
  followExampleRefs(map: unknown, file: string, pointer: string): void {
    if (!isRecord(map)) return;
    for (const name in map) {
      const ref = refOf(map[name]);
      if (ref !== undefined) this.targetOf(ref, file, pointer, name);
    }
  }

  /**
   * Follow the `$ref`s in `value`, the value at `parent/key` of `file`, which the model reads only
   * by name (a response's headers and links, an operation's callbacks, a media type's encoding),
   * as {@link followUnreachedRefs} does.
   */
  followRefsIn(value: unknown, file: string, parent: string, key: string): void {
    this.resolvedAt(value, file, parent, key);
  }

  /** Record where a synthesised object stands in for (e.g. a Swagger 2.0 parameter's schema). */
  setOrigin(node: object, place: SpecPlace): void {
    if (!this.origins.has(node)) this.origins.set(node, place);
  }

  /**
   * A copy of `value` with every `$ref` replaced by its (copied) target. Shared and circular
   * targets are copied once and shared, so the result may be cyclic: walkers must track visits.
   * Objects and arrays with nothing in them to replace stand for themselves (see {@link keep}).
   */
  resolved(value: unknown, place: SpecPlace): unknown {
    return this.copy(value, place.file, place.pointer, undefined, '');
  }

  /**
   * {@link resolved} of the value at `parent/key` of `file`: the pointer is only written when it
   * is needed, i.e. not for a `$ref` (most schemas of an operation are one) whose target is known.
   */
  resolvedAt(value: unknown, file: string, parent: string, key: string): unknown {
    return this.copy(value, file, parent, key, '');
  }

  /**
   * The copy of the value at `parent/key` (`parent` itself without a key). That pointer is only
   * written for an object not copied yet, or a `$ref` not followed yet: most values are scalars,
   * shared schemas or `$ref`s to them, and it is a new string per value.
   */
  private copy(value: unknown, file: string, parent: string, key: string | number | undefined, parentKey: string): unknown {
    if (value === null || typeof value !== 'object') return value;
    if (parentKey !== 'properties' && !Array.isArray(value)) {
      const ref = (value as Record<string, unknown>).$ref;
      if (typeof ref === 'string') {
        if (isPlainRef(value as Record<string, unknown>)) return this.copyTarget(this.targetOf(ref, file, parent, key));
        return this.copies.get(value) ?? this.copyRefWithSiblings(value as Record<string, unknown>, ref, file, pointerAt(parent, key));
      }
    }
    return this.copies.get(value) ?? (this.origins.has(value) ? value : this.copyNew(value, file, pointerAt(parent, key), parentKey));
  }

  /**
   * {@link resolveRef} from the object at `pointer/key` (`pointer` itself without a key), which
   * is only written when the target is not known yet: it is for error positions.
   */
  private targetOf(ref: string, file: string, pointer: string, key: string | number | undefined): RefTarget {
    const have = this.targets.get(file)?.get(ref);
    if (have !== undefined) return have;
    return this.resolveRef(ref, { file, pointer: pointerAt(pointer, key) });
  }

  private copyTarget(target: RefTarget): unknown {
    const v = target.value;
    // A target is never itself a `$ref` object (chains are followed to a value).
    if (v === null || typeof v !== 'object') return v;
    return this.copies.get(v) ?? (this.origins.has(v) ? v : this.copyNew(v, target.file, target.pointer, ''));
  }

  /**
   * An object or array with nothing to replace in it (no objects in it but data: most schemas of
   * properties, `required` lists) stands for itself in the resolved model, and is not copied key
   * by key: 2,300 of the 4,100 objects copied for the generated document (bench/spec-audit).
   * It is entered in `origins` only, which then says it was reached before.
   */
  private keep(value: object, file: string, pointer: string): object {
    this.origins.set(value, { file, pointer });
    return value;
  }

  /** How many {@link copyNew} calls are under way, one inside the other. */
  private depth = 0;

  /**
   * A new copy (or {@link keep}) of an object that is not a `$ref`, at `pointer`. Copying recurses
   * into each object, and `$ref`s can chain schemas to any depth (each file is held to 100 levels
   * by its parser): past {@link MAX_RESOLVED_DEPTH} levels the load fails with a clear error
   * instead of overflowing the stack.
   */
  private copyNew(value: object, file: string, pointer: string, parentKey: string): unknown {
    if (this.depth === MAX_RESOLVED_DEPTH) throw this.error(`the document nests more than ${MAX_RESOLVED_DEPTH} objects in one another through its $refs`, { file, pointer });
    this.depth++;
    try {
      return this.copyInto(value, file, pointer, parentKey);
    } finally {
      // Also after a broken $ref: a check that resolves lazily may catch the error and go on.
      this.depth--;
    }
  }

  private copyInto(value: object, file: string, pointer: string, parentKey: string): unknown {
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (v === null || typeof v !== 'object') continue;
        // A copy of the whole array at its first object (no growing by push), then its objects replaced.
        if (out === undefined) out = this.started(value, value.slice(), file, pointer);
        out[i] = this.copy(v, file, pointer, i, '');
      }
      return out ?? this.keep(value, file, pointer);
    }
    const obj = value as Record<string, unknown>;
    const inNameMap = NAME_MAPS.has(parentKey);
    // The copy is made at the first key whose value is copied, so that an object with none is
    // read once and kept. Keys added one by one, not a spread and then the objects replaced: a
    // spread of objects of many shapes goes to V8's runtime, and the copy took longer (build of
    // the generated document about 30 -> 37 ms). for-in, not Object.keys: no key array per object
    // (plain parsed objects, no inherited keys).
    let out: Record<string, unknown> | undefined;
    for (const k in obj) {
      const v = obj[k];
      if (v === null || typeof v !== 'object' || (!inNameMap && (DATA_KEYS.has(k) || k.startsWith('x-')))) {
        if (out !== undefined) out[k] = v;
        continue;
      }
      if (out === undefined) {
        out = this.started(value, {}, file, pointer);
        for (const j in obj) {
          if (j === k) break;
          out[j] = obj[j];
        }
      }
      out[k] = this.copy(v, file, pointer, k, inNameMap ? '' : k);
    }
    return out ?? this.keep(value, file, pointer);
  }

  /** Enter `out` as the copy of `value` (before its children are copied: they may lead back to it). */
  private started<T extends object>(value: object, out: T, file: string, pointer: string): T {
    this.copies.set(value, out);
    this.origins.set(out, { file, pointer });
    return out;
  }

  /** A `$ref` with keywords beside it (OpenAPI 3.1, and common in 3.0 as `nullable`): keep both. */
  private copyRefWithSiblings(obj: Record<string, unknown>, ref: string, file: string, pointer: string): unknown {
    const target = this.resolveRef(ref, { file, pointer });
    const resolvedTarget = this.copyTarget(target);
    const siblings = Object.keys(obj).filter((k) => k !== '$ref' && k !== 'description' && k !== 'summary');
    const out = this.started(obj, {} as Record<string, unknown>, file, pointer);
    for (const k of siblings) out[k] = this.copy(obj[k], file, pointer, k, k);
    out.allOf = Array.isArray(out.allOf) ? [resolvedTarget, ...(out.allOf as unknown[])] : [resolvedTarget];
    Object.defineProperty(out, REF_WITH_SIBLINGS, { value: true, enumerable: false });
    return out;
  }
}

/**
 * The deepest the resolved model nests (objects and arrays in one another, through `$ref`s): far
 * past any real document (a schema chain of about 250 schemas, each with properties), and well
 * inside the stack of the model's and the checks' recursive walks (they overflowed near 2,000).
 */
export const MAX_RESOLVED_DEPTH = 500;

/** `parent/key` (`parent` without a key). */
function pointerAt(parent: string, key: string | number | undefined): string {
  if (key === undefined) return parent;
  return `${parent}/${typeof key === 'number' ? key : escapePointer(key)}`;
}

/**
 * Whether a `$ref` object has no keywords beside it but `description` and `summary`. It is not
 * entered in `copies`: it stands for its target, found again through `targets` if it is reached
 * again (rarely: each is written once, and its container is copied once).
 */
function isPlainRef(o: Record<string, unknown>): boolean {
  for (const k in o) if (k !== '$ref' && k !== 'description' && k !== 'summary') return false;
  return true;
}
