import { posix } from 'node:path';

// Source map v3: a base64 VLQ decoder and a lookup from a generated (line, column) to the original
// source, line and column. Only the lines asked for are kept.

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i;

/** Decode one segment's VLQ fields. */
export function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (let i = 0; i < segment.length; i++) {
    const d = B64_VALUE[segment.charCodeAt(i)] ?? -1;
    if (d < 0) throw new Error(`invalid VLQ character "${segment[i]}"`);
    value += (d & 31) * 2 ** shift;
    if (d & 32) shift += 5;
    else {
      out.push(value & 1 ? -Math.floor(value / 2) : Math.floor(value / 2));
      value = 0;
      shift = 0;
    }
  }
  return out;
}

export interface RawSourceMap {
  readonly version?: number;
  readonly sources: readonly string[];
  readonly sourceRoot?: string;
  readonly mappings: string;
}

export interface OriginalPosition {
  readonly source: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

/** Parse a source map's JSON text; undefined when it is not a usable v3 map. */
export function parseSourceMap(text: string): RawSourceMap | undefined {
  try {
    const v = JSON.parse(text) as Partial<RawSourceMap> & { sections?: unknown };
    if (!v || typeof v.mappings !== 'string' || !Array.isArray(v.sources)) return undefined;
    return v as RawSourceMap;
  } catch {
    return undefined;
  }
}

/**
 * Map 1-based generated positions to original positions. Positions are answered together so the
 * mappings string is decoded once, up to the last line asked for.
 */
export function originalPositions(map: RawSourceMap, positions: readonly { line: number; column: number }[]): (OriginalPosition | undefined)[] {
  const wanted = new Set(positions.map((p) => p.line - 1));
  const maxLine = Math.max(-1, ...wanted);
  const segsByLine = new Map<number, number[][]>();
  let src = 0;
  let oLine = 0;
  let oCol = 0;
  let line = 0;
  let i = 0;
  const m = map.mappings;
  while (line <= maxLine && i <= m.length) {
    let end = m.indexOf(';', i);
    if (end < 0) end = m.length;
    const lineText = m.slice(i, end);
    let gCol = 0;
    const keep: number[][] | undefined = wanted.has(line) ? [] : undefined;
    if (lineText.length > 0) {
      for (const seg of lineText.split(',')) {
        if (!seg) continue;
        const f = decodeVlq(seg);
        gCol += f[0] ?? 0;
        if (f.length >= 4) {
          src += f[1]!;
          oLine += f[2]!;
          oCol += f[3]!;
          keep?.push([gCol, src, oLine, oCol]);
        }
      }
    }
    if (keep) segsByLine.set(line, keep);
    line++;
    i = end + 1;
  }
  const root = map.sourceRoot ? map.sourceRoot.replace(/\/?$/, '/') : '';
  return positions.map((p) => {
    const segs = segsByLine.get(p.line - 1);
    if (!segs || segs.length === 0) return undefined;
    const col = p.column - 1;
    let best: number[] | undefined;
    for (const s of segs) if (s[0]! <= col && (!best || s[0]! >= best[0]!)) best = s;
    best ??= segs[0];
    const source = map.sources[best![1]!];
    if (source === undefined) return undefined;
    return { source: root + source, line: best![2]! + 1, column: best![3]! + 1 };
  });
}

/** The source map a bundle points at: `//# sourceMappingURL=...` near its end. */
export function sourceMappingUrl(text: string): string | undefined {
  const tail = text.length > 4096 ? text.slice(-4096) : text;
  const m = /[#@]\s*sourceMappingURL=([^\s'"*]+)\s*(?:\*\/)?\s*$/.exec(tail.trimEnd());
  return m?.[1];
}

/** Turn a webpack/vite source path into a plain relative path. */
export function cleanSourcePath(source: string): string {
  const p = source
    .replace(/^[a-z][\w+.-]*:\/\/\/?/i, '')
    .replace(/^(?:\.\/)+/, '')
    .replace(/^\/+/, '');
  return posix.normalize(p);
}
