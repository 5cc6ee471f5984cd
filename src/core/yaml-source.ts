import type { Node as YamlNode } from 'yaml';
import { ToolError } from './errors.js';
import type { ErrorCode } from './errors.js';
import { lazyRequire } from './lazy.js';

const yamlLib = lazyRequire<typeof import('yaml')>('yaml');

/** A parsed YAML or JSON document that can tell where each JSON pointer sits in the text. */
export interface SourceDocument {
  readonly file: string;
  readonly value: unknown;
  /** 1-based line and column of the node at `pointer` (or its nearest existing ancestor). */
  positionOf(pointer: string): { line: number; column: number };
}

/** Split a JSON pointer into unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  const parts = pointer.slice(1).split('/');
  return pointer.includes('~') ? parts.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')) : parts;
}

/** Escape a key for use in a JSON pointer. */
export function escapePointer(key: string): string {
  if (!key.includes('~') && !key.includes('/')) return key;
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Parse YAML (or JSON, a subset) keeping positions. Parse errors become a ToolError with `code`
 * and the file, line and column of the first error.
 */
export function parseSourceDocument(text: string, file: string, code: ErrorCode = 'E_INPUT_INVALID'): SourceDocument {
  const { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair } = yamlLib();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = lineCounter.linePos(e.pos[0]);
    throw new ToolError(code, `${e.message.split('\n')[0]}`, { position: { file, line: pos.line, column: pos.col } });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new ToolError(code, `cannot read document: ${(err as Error).message}`, { position: { file }, cause: err });
  }
  return {
    file,
    value,
    positionOf(pointer: string) {
      let node: YamlNode | null | undefined = doc.contents as YamlNode | null;
      let best = node?.range?.[0] ?? 0;
      for (const seg of pointerSegments(pointer)) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
          if (!pair) break;
          const keyNode = pair.key as YamlNode;
          best = keyNode.range?.[0] ?? best;
          node = pair.value as YamlNode | null;
        } else if (isSeq(node)) {
          const item = node.items[Number(seg)] as YamlNode | undefined;
          if (!item) break;
          node = item;
          best = item.range?.[0] ?? best;
        } else break;
      }
      const p = lineCounter.linePos(best);
      return { line: p.line, column: p.col };
    },
  };
}
