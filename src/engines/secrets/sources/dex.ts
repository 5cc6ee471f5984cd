// String literals of an Android `classes*.dex`: the string_ids section points at each string's
// data (a ULEB128 length in UTF-16 units, then modified UTF-8 bytes ending in a NUL).

/** True for a dex file (magic `dex\n0NN\0`). */
export function isDex(buf: Buffer): boolean {
  return buf.length >= 0x70 && buf.toString('latin1', 0, 4) === 'dex\n';
}

/** Every string of the dex string table, in table order. Damaged entries are skipped. */
export function dexStrings(buf: Buffer, maxStrings = 2_000_000): string[] {
  if (!isDex(buf)) return [];
  const count = buf.readUInt32LE(0x38);
  const off = buf.readUInt32LE(0x3c);
  if (off + count * 4 > buf.length) return [];
  const out: string[] = [];
  for (let i = 0; i < Math.min(count, maxStrings); i++) {
    let p = buf.readUInt32LE(off + i * 4);
    if (p >= buf.length) continue;
    // skip the ULEB128 utf16 length
    for (let k = 0; k < 5 && p < buf.length; k++) if ((buf[p++]! & 0x80) === 0) break;
    const end = buf.indexOf(0, p);
    if (end < 0) continue;
    out.push(buf.toString('utf8', p, end));
  }
  return out;
}
