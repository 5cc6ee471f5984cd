// Secrets the way code writes them: a key split over concatenated string literals
// (`"sk_live_" + "abc..."`) or a PEM block written with `\n` escapes inside one string. Source files
// are rewritten into a normalised text before matching, with a map back to original offsets.

const SOURCE_EXT = new Set([
  'js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'vue', 'svelte', 'py', 'rb', 'go', 'java', 'kt', 'kts', 'scala',
  'groovy', 'gradle', 'cs', 'php', 'swift', 'c', 'h', 'cc', 'cpp', 'hpp', 'rs', 'm', 'mm', 'dart', 'lua', 'pl', 'r', 'ex', 'exs',
]);

/** True for files written in a programming language (where string literals are normalised). */
export function isSourcePath(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot >= 0 && SOURCE_EXT.has(path.slice(dot + 1).toLowerCase());
}

function isQuote(c: number): boolean {
  return c === 34 || c === 39 || c === 96;
}

/** Cheap test (native indexOf, no regex over the whole text) for an escape or a `'...' + '...'` join. */
function needsNormalization(text: string): boolean {
  if (text.indexOf('\\n') >= 0) return true;
  for (let p = text.indexOf('+'); p >= 0; p = text.indexOf('+', p + 1)) {
    let b = p - 1;
    while (b >= 0 && (text.charCodeAt(b) === 32 || text.charCodeAt(b) === 9)) b--;
    if (b < 0 || !isQuote(text.charCodeAt(b))) continue;
    let f = p + 1;
    while (f < text.length && /[ \t\r\n]/.test(text[f]!)) f++;
    if (f < text.length && isQuote(text.charCodeAt(f))) return true;
  }
  return false;
}
const EDIT = /(["'`])[ \t]*\+[ \t\r\n]*(["'`])|\\r\\n|\\n/g;

/** A normalised text and the way back to offsets of the original. */
export interface Normalized {
  readonly text: string;
  toOriginal(pos: number): number;
}

/**
 * Join concatenated literals and turn `\n` escapes into line breaks. Returns undefined when the
 * text has neither (the common case, so nothing is copied).
 */
export function normalizeSource(text: string): Normalized | undefined {
  if (!needsNormalization(text)) return undefined;
  // Edits as flat pairs: normalised end offset, original end offset of each replaced span.
  const normEnd: number[] = [];
  const origEnd: number[] = [];
  const parts: string[] = [];
  let last = 0;
  let outLen = 0;
  EDIT.lastIndex = 0;
  for (let m = EDIT.exec(text); m !== null; m = EDIT.exec(text)) {
    const repl = m[1] !== undefined ? '' : '\n';
    parts.push(text.slice(last, m.index), repl);
    outLen += m.index - last + repl.length;
    last = m.index + m[0].length;
    normEnd.push(outLen);
    origEnd.push(last);
  }
  parts.push(text.slice(last));
  const out = parts.join('');
  return {
    text: out,
    toOriginal(pos: number): number {
      // Last edit that ends at or before pos.
      let lo = 0;
      let hi = normEnd.length - 1;
      let k = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (normEnd[mid]! <= pos) {
          k = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return k < 0 ? pos : origEnd[k]! + (pos - normEnd[k]!);
    },
  };
}
