/** A file is binary when its first 8 KB hold a NUL byte (the heuristic git and grep use). */
export function isBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, 8192);
  return buf.subarray(0, n).indexOf(0) >= 0;
}

/** Runs of at least `min` printable ASCII characters, one per line (like `strings`). */
export function printableStrings(buf: Buffer, min = 8): string[] {
  const text = buf.toString('latin1');
  const re = new RegExp(`[\\x20-\\x7e]{${min},}`, 'g');
  return text.match(re) ?? [];
}
