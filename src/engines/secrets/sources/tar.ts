// A minimal tar reader (ustar, GNU long names, pax path records) over an in-memory buffer.

export interface TarEntry {
  readonly name: string;
  readonly data: Buffer;
}

function cstr(buf: Buffer, at: number, len: number): string {
  const end = buf.indexOf(0, at);
  return buf.toString('utf8', at, end >= 0 && end < at + len ? end : at + len);
}

/** True when the buffer starts with a tar header (ustar magic, or a valid header checksum). */
export function looksLikeTar(buf: Buffer): boolean {
  if (buf.length < 512) return false;
  if (buf.toString('latin1', 257, 262) === 'ustar') return true;
  const stored = parseInt(cstr(buf, 148, 8).trim(), 8);
  if (!Number.isFinite(stored)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : buf[i]!;
  return sum === stored;
}

/** Regular files of a tar, at most `maxEntries` (the second value says whether more were left out). */
export function readTar(buf: Buffer, maxEntries: number): { entries: TarEntry[]; truncated: boolean } {
  const entries: TarEntry[] = [];
  let p = 0;
  let longName: string | undefined;
  while (p + 512 <= buf.length) {
    if (buf[p] === 0) break;
    const size = parseInt(cstr(buf, p + 124, 12).trim() || '0', 8) || 0;
    const type = String.fromCharCode(buf[p + 156] || 48);
    let name = cstr(buf, p, 100);
    if (buf.toString('latin1', p + 257, p + 262) === 'ustar') {
      const prefix = cstr(buf, p + 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    const dataStart = p + 512;
    const data = buf.subarray(dataStart, Math.min(buf.length, dataStart + size));
    if (type === 'L') longName = cstr(data, 0, data.length);
    else if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      if (m) longName = m[1];
    } else {
      if (type === '0' || type === '7') {
        if (entries.length >= maxEntries) return { entries, truncated: true };
        entries.push({ name: longName ?? name, data });
      }
      longName = undefined;
    }
    p = dataStart + Math.ceil(size / 512) * 512;
  }
  return { entries, truncated: false };
}
