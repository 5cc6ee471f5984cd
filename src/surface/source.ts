import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import jsyaml from 'js-yaml';
import type { Document, LineCounter, Node as YamlNode, YAMLMap } from 'yaml';
import { ToolError } from '../core/errors.js';
import type { ErrorCode } from '../core/errors.js';
import type { SourceDocument } from '../core/yaml-source.js';
import { pointerSegments, escapePointer } from '../core/yaml-source.js';
import { jsonNestingPast, MAX_JSON_NESTING } from '../core/json-nesting.js';
import { lazyRequire } from '../core/lazy.js';
import { parseFastYaml } from './yaml-fast.js';
import { YamlLineIndex } from './yaml-index.js';

// The full YAML parser builds node trees, needed only for shapes the line index does not read.
const yamlLib = lazyRequire<typeof import('yaml')>('yaml');

export type { SourceDocument };

/** A parsed spec file that also keeps its text. */
export interface SpecSource extends SourceDocument {
  readonly text: string;
}

/** The largest spec file we read (bytes of text); past it, the load fails with a clear error. */
export const MAX_SPEC_BYTES = 64 * 1024 * 1024;

/** 1-based line and column of a character offset, through a table of line starts. */
export class LineIndex {
  /** `starts`: the offset where each line begins, when the caller already has them (the fast YAML reader). */
  constructor(
    private readonly text: string,
    private starts?: Int32Array,
  ) {}

  private build(): Int32Array {
    const t = this.text;
    let n = 1;
    for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) n++;
    const starts = new Int32Array(n);
    let k = 1;
    for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) starts[k++] = i + 1;
    return starts;
  }

  /** The line (0-based) of the last lookup. */
  private last = 0;

  position(offset: number): { line: number; column: number } {
    const starts = (this.starts ??= this.build());
    let lo = 0;
    let hi = starts.length - 1;
    // Lookups mostly come in document order, a few lines apart (the findings of a spec, in pointer
    // order): search the next 64 lines first, 6 steps instead of 15 on a 30,000-line document. This
    // code mostly runs in V8's interpreter, where each step counts.
    const last = this.last;
    if (starts[last]! <= offset) {
      lo = last;
      if (last + 64 < hi && starts[last + 64]! > offset) hi = last + 63;
    }
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.last = lo;
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}

/**
 * Offsets of every object key and array item of a JSON text, by JSON pointer. Built in one pass
 * when a position is first asked for (JSON documents are parsed with JSON.parse, which keeps none).
 */
function indexJson(text: string): Map<string, number> {
  const index = new Map<string, number>();
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };
  const str = (): string => {
    const start = i;
    i++;
    let simple = true;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 92) {
        simple = false;
        i += 2;
      } else if (c === 34) break;
      else i++;
    }
    i++;
    const raw = text.slice(start, i);
    return simple ? raw.slice(1, -1) : (JSON.parse(raw) as string);
  };
  const value = (ptr: string): void => {
    ws();
    const c = text.charCodeAt(i);
    if (c === 123) {
      i++;
      ws();
      if (text.charCodeAt(i) === 125) {
        i++;
        return;
      }
      for (;;) {
        ws();
        const keyAt = i;
        const key = str();
        const p = `${ptr}/${escapePointer(key)}`;
        index.set(p, keyAt);
        ws();
        i++; // ':'
        value(p);
        ws();
        if (text.charCodeAt(i) === 44) {
          i++;
          continue;
        }
        i++; // '}'
        return;
      }
    } else if (c === 91) {
      i++;
      ws();
      if (text.charCodeAt(i) === 93) {
        i++;
        return;
      }
      for (let k = 0; ; k++) {
        ws();
        const p = `${ptr}/${k}`;
        index.set(p, i);
        value(p);
        ws();
        if (text.charCodeAt(i) === 44) {
          i++;
          continue;
        }
        i++; // ']'
        return;
      }
    } else if (c === 34) {
      str();
    } else {
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
        i++;
      }
    }
  };
  ws();
  index.set('', i);
  value('');
  return index;
}

function nearest(index: Map<string, number>, pointer: string): number {
  let p = pointer;
  for (;;) {
    const at = index.get(p);
    if (at !== undefined) return at;
    if (p === '') return 0;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

function jsonSource(text: string, file: string, value: unknown): SpecSource {
  let index: Map<string, number> | undefined;
  const lines = new LineIndex(text);
  return {
    file,
    value,
    text,
    positionOf(pointer: string) {
      index ??= indexJson(text);
      return lines.position(nearest(index, pointer === '/' ? '' : pointer));
    },
  };
}

/** Key lookup tables of large YAML mappings, built on first use (Stripe's `paths` has 400 keys). */
const mapIndexes = new WeakMap<object, Map<string, { key: YamlNode; value: YamlNode | null }>>();

function findPair(map: YAMLMap, seg: string): { key: YamlNode; value: YamlNode | null } | undefined {
  const { isPair, isScalar } = yamlLib();
  if (map.items.length > 16) {
    let index = mapIndexes.get(map);
    if (!index) {
      index = new Map();
      for (const p of map.items) {
        if (isPair(p) && isScalar(p.key)) {
          const k = String(p.key.value);
          if (!index.has(k)) index.set(k, { key: p.key as YamlNode, value: p.value as YamlNode | null });
        }
      }
      mapIndexes.set(map, index);
    }
    return index.get(seg);
  }
  for (const p of map.items) {
    if (isPair(p) && isScalar(p.key) && String(p.key.value) === seg) return { key: p.key as YamlNode, value: p.value as YamlNode | null };
  }
  return undefined;
}

function yamlPosition(doc: Document.Parsed, lines: LineCounter, pointer: string): { line: number; column: number } {
  const { isMap, isSeq } = yamlLib();
  let node: YamlNode | null | undefined = doc.contents as YamlNode | null;
  let best = node?.range?.[0] ?? 0;
  for (const seg of pointerSegments(pointer)) {
    if (isMap(node)) {
      const pair = findPair(node as YAMLMap, seg);
      if (!pair) break;
      best = pair.key.range?.[0] ?? best;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)] as YamlNode | undefined;
      if (!item) break;
      node = item;
      best = item.range?.[0] ?? best;
    } else break;
  }
  const p = lines.linePos(best);
  return { line: p.line, column: p.col };
}

function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) continue;
    return c === 123 || c === 91;
  }
  return false;
}

function tooLarge(file: string, size: number, code: ErrorCode, limit = MAX_SPEC_BYTES): ToolError {
  return new ToolError(code, `the document is ${Math.round(size / 1048576)} MB, past the limit of ${limit / 1048576} MB`, {
    position: { file, line: 1, column: 1 },
  });
}

/**
 * The text of a document file (a spec, a HAR recording, a Postman collection), read only when its
 * size is within `limit` ({@link MAX_SPEC_BYTES} by default). A file far past the limit (a 600 MB
 * log given by mistake) is refused at once, with the error parseSpecSource gives, instead of being
 * read into memory first: it took 7 s and 1.3 GB, and past V8's string limit the error only said
 * ERR_STRING_TOO_LONG. A pipe or a device is read up to the limit.
 *
 * @throws ToolError `code` when the file is too large; the file system's error when it cannot be read.
 */
export function readDocumentFile(path: string, code: ErrorCode = 'E_SPEC_PARSE', limit = MAX_SPEC_BYTES): string {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (!st.isFile() && !st.isDirectory()) return readBounded(fd, path, code, limit);
    if (st.size > limit) throw tooLarge(path, st.size, code, limit);
    // Read as bytes and decode once: readFile with an encoding decodes chunk by chunk into a string
    // V8 must then flatten (a second 5 MB copy on a large document).
    return readFileSync(fd).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * A pipe, a device or a socket (`/dev/stdin`, or a `$ref: /dev/zero` in a hostile document), whose
 * size fstat does not give: read up to the limit and refuse the rest, instead of reading forever.
 */
function readBounded(fd: number, path: string, code: ErrorCode, limit: number): string {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    total += n;
    if (total > limit) throw new ToolError(code, `the document is past the limit of ${limit / 1048576} MB`, { position: { file: path, line: 1, column: 1 } });
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

/**
 * Parse a YAML or JSON spec text keeping what is needed to find the line and column of any JSON
 * pointer. JSON goes through JSON.parse (fast) and builds its position index on first use; YAML
 * keeps the parsed node tree. Errors become a ToolError (`code`) with the file, line and column.
 */
export function parseSpecSource(text: string, file: string, code: ErrorCode = 'E_SPEC_PARSE'): SpecSource {
  if (text.length > MAX_SPEC_BYTES) throw tooLarge(file, text.length, code);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // JSON nested deeper than YAML allows goes to the YAML parser too, which refuses it with its
  // position: JSON.parse reads any depth, but the model and the checks walk documents recursively.
  if (looksLikeJson(body) && jsonNestingPast(body, MAX_JSON_NESTING) < 0) {
    try {
      return jsonSource(body, file, JSON.parse(body));
    } catch {
      // Not strict JSON: the YAML parser (a superset) reads it or says where it breaks.
    }
  }
  // Block-style YAML (what generators write) is read by our own parser, which also records where
  // each key and item starts; anything else goes to js-yaml.
  const fast = parseFastYaml(body);
  if (fast) {
    const lineIndex = new LineIndex(body, fast.lineStarts);
    return {
      file,
      value: fast.value,
      text: body,
      positionOf: (pointer: string) => lineIndex.position(fast.offsetOfPointer(pointer)),
    };
  }
  // js-yaml builds the values several times faster than a full node tree; positions come from a
  // line index, and only shapes it cannot read make us build the tree (once, on first need).
  let value: unknown;
  try {
    value = jsyaml.load(body, { schema: jsyaml.CORE_SCHEMA, json: true, filename: file });
  } catch (err) {
    const e = err as { reason?: string; message: string; mark?: { line: number; column: number } };
    if (!e.mark) {
      // js-yaml gives no position for a second document: point at its `---`.
      const m = /\S[\s\S]*?\n(---|\.\.\.)(\s|$)/.exec(body);
      const line = m ? body.slice(0, m.index + m[0].length - m[2]!.length).split('\n').length : 1;
      const what = /single document/.test(e.message) ? 'the file holds more than one YAML document' : `cannot read document: ${e.message}`;
      throw new ToolError(code, what, { position: { file, line, column: 1 }, cause: err });
    }
    throw new ToolError(code, `invalid YAML/JSON: ${e.reason ?? e.message.split('\n')[0]}`, { position: { file, line: e.mark.line + 1, column: e.mark.column + 1 }, cause: err });
  }
  if (value === undefined || value === null) throw new ToolError(code, 'the file is empty', { position: { file, line: 1, column: 1 } });
  const lineIndex = new LineIndex(body);
  const index = new YamlLineIndex(body);
  let full: ((pointer: string) => { line: number; column: number }) | undefined;
  return {
    file,
    value,
    text: body,
    positionOf(pointer: string) {
      const p = pointer === '/' ? '' : pointer;
      const r = index.offsetOf(pointerSegments(p));
      if (r) return lineIndex.position('offset' in r ? r.offset : r.partial);
      full ??= fullYamlPositions(body, file, code);
      return full(p);
    },
  };
}

/** Positions from a complete YAML node tree (for shapes the line index does not read). */
function fullYamlPositions(body: string, file: string, code: ErrorCode): (pointer: string) => { line: number; column: number } {
  const { LineCounter, Parser, Composer } = yamlLib();
  const lines = new LineCounter();
  const parser = new Parser(lines.addNewLine);
  const composer = new Composer({ uniqueKeys: false });
  let doc: Document.Parsed | undefined;
  for (const d of composer.compose(parser.parse(body), true)) {
    doc ??= d;
  }
  if (!doc) throw new ToolError(code, 'the file is empty', { position: { file, line: 1, column: 1 } });
  const parsed = doc;
  return (pointer: string) => yamlPosition(parsed, lines, pointer);
}

