/**
 * How deep a JSON text nests, read from the text: JSON.parse reads any depth, but whatever walks
 * the parsed value recursively (positions, `$ref` resolution, checks) overflows the stack on a
 * document nested tens of thousands of levels deep. Loaders refuse such documents up front.
 */

/** The nesting the loaders allow: js-yaml's limit (its default `maxDepth`), which YAML documents are held to. */
export const MAX_JSON_NESTING = 100;

/**
 * The offset of the first `{` or `[` that opens level `limit + 1`, or -1 when the text nests no
 * deeper than `limit` (brackets inside strings do not count). Strings are skipped with indexOf, so
 * a 5 MB document takes about 10 ms.
 *
 * @example
 * jsonNestingPast('{"a":[1]}', 1); // 5
 */
export function jsonNestingPast(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // The closing quote: the next one not escaped by an odd run of backslashes.
      for (;;) {
        const q = text.indexOf('"', i + 1);
        if (q < 0) return -1;
        let k = q - 1;
        while (text.charCodeAt(k) === 92) k--;
        i = q;
        if ((q - 1 - k) % 2 === 0) break;
      }
    } else if (c === 123 || c === 91) {
      if (++depth > limit) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}
