// A minimal, bounded zip reader over an in-memory buffer: the central directory is read first, so
// sizes and ratios are known before anything is inflated and a zip bomb is refused, not expanded.
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
  readonly isDirectory: boolean;
}

export class ArchiveError extends Error {
  constructor(
    readonly code: 'archive-bomb' | 'archive-corrupt' | 'archive-unsupported',
    message: string,
  ) {
    super(message);
  }
}

function findEocd(buf: Buffer): number {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) return i;
  }
  return -1;
}

function readU64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ArchiveError('archive-corrupt', 'zip64 size out of range');
  return Number(v);
}

/** The entries of a zip's central directory. Throws ArchiveError on a structure we cannot trust. */
export function readZipDirectory(buf: Buffer, maxEntries: number): { entries: ZipEntry[]; truncated: boolean } {
  const eocd = findEocd(buf);
  if (eocd < 0) throw new ArchiveError('archive-corrupt', 'no end of central directory record');
  let count = buf.readUInt16LE(eocd + 10);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff) {
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== 0x07064b50) throw new ArchiveError('archive-corrupt', 'zip64 locator missing');
    const z = readU64(buf, loc + 8);
    if (z + 56 > buf.length || buf.readUInt32LE(z) !== 0x06064b50) throw new ArchiveError('archive-corrupt', 'zip64 end record missing');
    count = readU64(buf, z + 32);
    cdOffset = readU64(buf, z + 48);
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  const n = Math.min(count, maxEntries);
  for (let i = 0; i < n; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new ArchiveError('archive-corrupt', `central directory entry ${i} is damaged`);
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    let size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    // zip64 extended information extra field
    let e = p + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = buf.readUInt16LE(e);
      const len = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) {
          size = readU64(buf, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = readU64(buf, q);
          q += 8;
        }
        if (localOffset === 0xffffffff) localOffset = readU64(buf, q);
      }
      e += 4 + len;
    }
    entries.push({ name, method, compressedSize, size, localOffset, isDirectory: name.endsWith('/') });
    p = eEnd + commentLen;
  }
  return { entries, truncated: count > maxEntries };
}

/** Refuse archives whose directory promises more than we allow or looks like a known bomb shape. */
export function checkZipBomb(entries: readonly ZipEntry[], maxExpanded: number, maxRatio: number): string | undefined {
  let total = 0;
  const offsets = new Set<number>();
  for (const e of entries) {
    if (e.isDirectory) continue;
    total += e.size;
    if (offsets.has(e.localOffset)) return `entries share local data (overlapping-file zip bomb) at "${e.name}"`;
    offsets.add(e.localOffset);
    if (e.size > 1024 * 1024 && e.size / Math.max(1, e.compressedSize) > maxRatio) {
      return `"${e.name}" expands ${Math.round(e.size / Math.max(1, e.compressedSize))} times (${e.size} bytes from ${e.compressedSize})`;
    }
  }
  if (total > maxExpanded) return `entries expand to ${total} bytes, over the limit of ${maxExpanded}`;
  return undefined;
}

/** The bytes of one entry, inflated with a hard output limit of its declared size. */
export function readZipEntry(buf: Buffer, e: ZipEntry): Buffer {
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) throw new ArchiveError('archive-corrupt', `local header of "${e.name}" is damaged`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const end = start + e.compressedSize;
  if (end > buf.length) throw new ArchiveError('archive-corrupt', `"${e.name}" runs past the end of the archive`);
  const data = buf.subarray(start, end);
  if (e.method === 0) return data;
  if (e.method !== 8) throw new ArchiveError('archive-unsupported', `"${e.name}" uses compression method ${e.method}`);
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
  } catch (err) {
    if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ArchiveError('archive-bomb', `"${e.name}" inflates past its declared size of ${e.size} bytes`);
    }
    throw new ArchiveError('archive-corrupt', `"${e.name}" does not inflate: ${(err as Error).message}`);
  }
}
