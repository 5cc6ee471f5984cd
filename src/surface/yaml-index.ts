/**
 * Positions of JSON pointers in block-style YAML, found by reading lines and indentation instead
 * of building a node tree. Containers are indexed lazily, the first time a pointer goes through
 * them, so a lookup costs a scan of the lines of the containers on its way, once. Flow
 * collections, aliases, complex keys and other rare shapes return `undefined`: the caller then
 * falls back to a full YAML parse for that file.
 */
import { plainKeyName } from './yaml-fast.js';

interface Entry {
  /** Where the key (map) or the item's content (sequence) starts. */
  readonly line: number;
  readonly col: number;
  /** Offset of that position in the text. */
  readonly offset: number;
  /** Lines of the entry, [line, end). */
  readonly end: number;
}

interface Container {
  readonly entries: Map<string, Entry> | undefined;
  /** Set when the container cannot be indexed line by line. */
  readonly unsupported?: boolean;
}

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const CR = 13;

export class YamlLineIndex {
  private readonly starts: number[] = [0];
  private readonly cache = new Map<string, Container>();
  /** Per line: indentation, -1 for a blank or comment line, -2 for a tab in the indentation (built on first use). */
  private indents: Int32Array | undefined;
  /**
   * Per content line: the next line that is not blank and not indented more (a tab line counts as
   * indentation 0), so a walk over the entries of a container skips their nested lines.
   */
  private nexts: Int32Array | undefined;

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  private build(): void {
    const n = this.starts.length;
    const indents = new Int32Array(n);
    const nexts = new Int32Array(n).fill(n);
    // Lines still waiting for their next line at or below their indentation, innermost last.
    const open: number[] = [];
    for (let l = 0; l < n; l++) {
      const ind = this.indentOf(l);
      indents[l] = ind;
      if (ind === -1) continue;
      const eff = ind === -2 ? 0 : ind;
      while (open.length > 0) {
        const top = open[open.length - 1]!;
        const topInd = indents[top]! === -2 ? 0 : indents[top]!;
        if (topInd < eff) break;
        nexts[top] = l;
        open.pop();
      }
      open.push(l);
    }
    this.indents = indents;
    this.nexts = nexts;
  }

  /** The first line in [line, to) that is not blank and indented at most `max` (or `to`). */
  private skipTo(line: number, to: number, max: number): number {
    const indents = this.indents!;
    const nexts = this.nexts!;
    let l = line;
    while (l < to) {
      const ind = indents[l]!;
      if (ind === -1) l++;
      else if (ind > max) l = nexts[l]!;
      else return l;
    }
    return to;
  }

  private lineEnd(line: number): number {
    let e = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.text.length;
    if (e > this.starts[line]! && this.text.charCodeAt(e - 1) === CR) e--;
    return e;
  }

  /** Column (0-based) of the first non-space character, or -1 for a blank or comment line. */
  private indentOf(line: number, fromCol = 0): number {
    const s = this.starts[line]!;
    const e = this.lineEnd(line);
    let i = s + fromCol;
    while (i < e && this.text.charCodeAt(i) === SPACE) i++;
    if (i >= e || this.text.charCodeAt(i) === HASH) return -1;
    if (this.text.charCodeAt(i) === 9) return -2; // a tab in indentation: let the full parser decide
    return i - s;
  }

  /** The key at a position, and the column after its colon; undefined when it is not a simple key. */
  private keyAt(line: number, col: number): { key: string; after: number } | undefined {
    const s = this.starts[line]!;
    const e = this.lineEnd(line);
    const t = this.text;
    let i = s + col;
    const c = t.charCodeAt(i);
    let key: string;
    if (c === 34 || c === 39) {
      const q = c;
      let j = i + 1;
      let raw = '';
      for (; j < e; j++) {
        const d = t.charCodeAt(j);
        if (q === 39 && d === 39) {
          if (t.charCodeAt(j + 1) === 39) {
            raw += "'";
            j++;
            continue;
          }
          break;
        }
        if (q === 34 && d === 92) return undefined; // escapes: leave to the full parser
        if (q === 34 && d === 34) break;
        raw += t[j];
      }
      if (j >= e) return undefined;
      key = raw;
      i = j + 1;
      while (i < e && t.charCodeAt(i) === SPACE) i++;
      if (t.charCodeAt(i) !== 58) return undefined;
      return { key, after: i + 1 - s };
    }
    if (c === 63 || c === 123 || c === 91 || c === 38 || c === 42 || c === 33 || c === 124 || c === 62) return undefined; // ? { [ & * ! | >
    let j = i;
    for (; j < e; j++) {
      if (t.charCodeAt(j) === 58 && (j + 1 === e || t.charCodeAt(j + 1) === SPACE)) break;
      if (t.charCodeAt(j) === HASH && t.charCodeAt(j - 1) === SPACE) return undefined;
    }
    if (j >= e) return undefined;
    // As js-yaml names the property: `1e3:` is the key `1000`.
    key = plainKeyName(t.slice(i, j).trimEnd());
    return { key, after: j + 1 - s };
  }

  /** What follows a key's colon or an item's dash: nothing (a block below), a flow collection, a scalar. */
  private restKind(line: number, col: number): 'block' | 'flow' | 'scalar' | 'unsupported' {
    const s = this.starts[line]!;
    const e = this.lineEnd(line);
    const t = this.text;
    let i = s + col;
    for (;;) {
      while (i < e && t.charCodeAt(i) === SPACE) i++;
      if (i >= e || t.charCodeAt(i) === HASH) return 'block';
      const c = t.charCodeAt(i);
      if (c === 38 || c === 33) {
        // an anchor or a tag before the value: skip it
        while (i < e && t.charCodeAt(i) !== SPACE) i++;
        continue;
      }
      if (c === 42) return 'unsupported'; // alias
      if (c === 123 || c === 91) return 'flow';
      return 'scalar';
    }
  }

  /**
   * Index the entries of a block container whose content lies in lines [from, to), the first
   * line starting at column `firstCol` (the content after a sequence dash) or anywhere.
   */
  private index(from: number, to: number, firstCol: number | undefined, parentIndent: number): Container {
    const key = `${from}:${to}:${firstCol ?? -1}`;
    const have = this.cache.get(key);
    if (have) return have;
    let childIndent = -1;
    const found: { key: string; line: number; col: number }[] = [];
    let isSeq: boolean | undefined;
    let seqIndex = 0;
    let result: Container | undefined;
    if (!this.indents) this.build();
    const indents = this.indents!;
    for (let line = from; line < to; ) {
      const ind = line === from && firstCol !== undefined ? this.indentOf(line, firstCol) : indents[line]!;
      if (ind === -1) {
        line++;
        continue;
      }
      if (ind === -2) {
        result = { entries: undefined, unsupported: true };
        break;
      }
      if (childIndent < 0) {
        if (ind < parentIndent) break;
        childIndent = ind;
      }
      if (ind < childIndent) break;
      if (ind > childIndent) {
        // Nested lines: jump to the next line at or below the entries' indentation.
        line = this.skipTo(line, to, childIndent);
        continue;
      }
      const s = this.starts[line]!;
      const c = this.text.charCodeAt(s + ind);
      const isDash = c === DASH && (s + ind + 1 >= this.lineEnd(line) || this.text.charCodeAt(s + ind + 1) === SPACE);
      if (line === from && firstCol === undefined && this.text.startsWith('---', s) && ind === 0) {
        line = this.skipTo(line + 1, to, childIndent);
        continue;
      }
      if (isSeq === undefined) isSeq = isDash;
      if (isSeq !== isDash) {
        result = { entries: undefined, unsupported: true };
        break;
      }
      if (isDash) {
        found.push({ key: String(seqIndex++), line, col: ind });
      } else {
        const k = this.keyAt(line, ind);
        if (!k) {
          result = { entries: undefined, unsupported: true };
          break;
        }
        found.push({ key: k.key, line, col: ind });
      }
      line = this.skipTo(line + 1, to, childIndent);
    }
    if (!result) {
      const entries = new Map<string, Entry>();
      for (let i = 0; i < found.length; i++) {
        const f = found[i]!;
        const end = i + 1 < found.length ? found[i + 1]!.line : this.scanEnd(f.line, to, childIndent);
        if (!entries.has(f.key)) entries.set(f.key, { line: f.line, col: f.col, offset: this.starts[f.line]! + f.col, end });
      }
      result = { entries };
    }
    this.cache.set(key, result);
    return result;
  }

  private isDash(line: number, col: number): boolean {
    const s = this.starts[line]!;
    return this.text.charCodeAt(s + col) === DASH && (s + col + 1 >= this.lineEnd(line) || this.text.charCodeAt(s + col + 1) === SPACE);
  }

  /** The line after the last line of an entry that starts at `line` with indentation `indent`. */
  private scanEnd(line: number, to: number, indent: number): number {
    const indents = this.indents!;
    let l = line + 1;
    for (;;) {
      l = this.skipTo(l, to, indent);
      if (l >= to) break;
      const ind = indents[l]!;
      if (ind === -2 || ind < indent) break;
      if (ind === indent && !this.isDash(l, ind)) break;
      l++;
    }
    // The line after the last content line before `l`.
    let last = l - 1;
    while (last > line && indents[last] === -1) last--;
    return Math.max(last + 1, line + 1);
  }

  private firstContent(): number {
    for (let l = 0; l < this.starts.length; l++) {
      const ind = this.indentOf(l);
      if (ind >= 0 && !this.text.startsWith('---', this.starts[l]!)) return this.starts[l]! + ind;
    }
    return 0;
  }

  /** Offset of the node at `segments`, or undefined when the shape is not supported here. */
  offsetOf(segments: readonly string[]): { offset: number } | { partial: number } | undefined {
    let from = 0;
    let to = this.starts.length;
    let firstCol: number | undefined;
    let parentIndent = 0;
    let best = this.firstContent();
    let first = true;
    for (let si = 0; si < segments.length; si++) {
      const seg = segments[si]!;
      const last = si === segments.length - 1;
      const container = this.index(from, to, firstCol, first ? 0 : parentIndent + 1);
      first = false;
      if (container.unsupported || !container.entries) return undefined;
      const entry = container.entries.get(seg);
      if (!entry) return { partial: best };
      const t = this.text;
      const s = this.starts[entry.line]!;
      if (this.isDash(entry.line, entry.col)) {
        // A sequence item: its position is where its content starts.
        let c = entry.col + 1;
        while (s + c < this.lineEnd(entry.line) && t.charCodeAt(s + c) === SPACE) c++;
        const kind = this.restKind(entry.line, entry.col + 1);
        if (kind === 'block') {
          // Content on the following lines.
          let l = entry.line + 1;
          while (l < entry.end && this.indentOf(l) === -1) l++;
          if (l >= entry.end) return { partial: best };
          best = this.starts[l]! + this.indentOf(l);
          from = l;
          to = entry.end;
          firstCol = undefined;
          parentIndent = entry.col;
          continue;
        }
        best = s + c;
        if (last) break;
        if (kind !== 'scalar') return undefined;
        if (t.charCodeAt(s + c) === DASH) return undefined; // nested `- - x`
        // `- key: value` (a map starting on the dash line) or a plain scalar.
        from = entry.line;
        to = entry.end;
        firstCol = c;
        parentIndent = entry.col;
        continue;
      }
      best = entry.offset;
      if (last) break;
      const k = this.keyAt(entry.line, entry.col)!;
      const kind = this.restKind(entry.line, k.after);
      if (kind === 'unsupported' || kind === 'flow') return undefined;
      if (kind === 'scalar') {
        from = entry.line;
        to = entry.line; // nothing below a scalar
        firstCol = undefined;
        parentIndent = entry.col;
        continue;
      }
      from = entry.line + 1;
      to = entry.end;
      firstCol = undefined;
      // A block sequence may sit at the key's own indentation.
      parentIndent = entry.col - 1;
      continue;
    }
    return { offset: best };
  }
}
