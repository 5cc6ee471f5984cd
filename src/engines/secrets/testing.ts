// Builders for the engine's tests: zip and tar archives, a dex string table, source map mappings,
// and synthetic tokens. Nothing here is used at run time.
import { crc32, deflateRawSync } from 'node:zlib';
import { crc32Base62Tail } from './checksum.js';
import { randomString, seededRandom } from './rules/sample.js';

export interface ZipInput {
  readonly name: string;
  readonly data: Buffer | string;
  readonly deflate?: boolean;
  /** Lie about the uncompressed size in the headers. */
  readonly declaredSize?: number;
}

/** A zip file (no zip64) with the given entries. */
export function buildZip(entries: readonly ZipInput[], opts: { shareData?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  let firstOffset = 0;
  entries.forEach((e, i) => {
    const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data);
    const body = e.deflate ? deflateRawSync(raw) : raw;
    const name = Buffer.from(e.name);
    const size = e.declaredSize ?? raw.length;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    const here = opts.shareData && i > 0 ? firstOffset : offset;
    central.writeUInt32LE(here, 42);
    if (i === 0) firstOffset = offset;
    centrals.push(central, name);
    if (!(opts.shareData && i > 0)) {
      locals.push(local, name, body);
      offset += local.length + name.length + body.length;
    }
  });
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** A ustar archive. */
export function buildTar(entries: readonly { name: string; data: Buffer | string }[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data);
    const h = Buffer.alloc(512);
    h.write(e.name, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += h[i]!;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    parts.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** A minimal dex file whose string table holds `strings` (enough for the string_ids reader). */
export function buildDex(strings: readonly string[]): Buffer {
  const header = Buffer.alloc(0x70);
  header.write('dex\n035\0', 0, 'latin1');
  const idsOff = 0x70;
  const ids = Buffer.alloc(strings.length * 4);
  const datas: Buffer[] = [];
  let at = idsOff + ids.length;
  strings.forEach((s, i) => {
    ids.writeUInt32LE(at, i * 4);
    const bytes = Buffer.from(s, 'utf8');
    const len: number[] = [];
    let n = s.length;
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n) b |= 0x80;
      len.push(b);
    } while (n);
    const d = Buffer.concat([Buffer.from(len), bytes, Buffer.from([0])]);
    datas.push(d);
    at += d.length;
  });
  header.writeUInt32LE(strings.length, 0x38);
  header.writeUInt32LE(idsOff, 0x3c);
  header.writeUInt32LE(at, 0x20);
  return Buffer.concat([header, ids, ...datas]);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 VLQ of a list of numbers (one source map segment). */
export function encodeVlq(values: readonly number[]): string {
  let out = '';
  for (const v of values) {
    let n = v < 0 ? (-v << 1) | 1 : v << 1;
    do {
      let d = n & 31;
      n >>>= 5;
      if (n) d |= 32;
      out += B64[d];
    } while (n);
  }
  return out;
}

/** Synthetic tokens in real formats (random, generated per test run from a seed). */
export function syntheticTokens(seed = 42) {
  const rand = seededRandom(seed);
  const b62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const gh = randomString(rand, b62, 30);
  return {
    github: `ghp_${gh}${crc32Base62Tail(gh)}`,
    githubBadChecksum: `ghp_${gh}${crc32Base62Tail(gh).split('').reverse().join('') === crc32Base62Tail(gh) ? 'AAAAAA' : crc32Base62Tail(gh).split('').reverse().join('')}`,
    stripe: `sk_live_${randomString(rand, b62, 32)}`,
    stripePublishable: `pk_live_${randomString(rand, b62, 32)}`,
    slack: `xoxb-${randomString(rand, '0123456789', 12)}-${randomString(rand, '0123456789', 12)}-${randomString(rand, b62, 24)}`,
    aws: `AKIA${randomString(rand, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
    sendgrid: `SG.${randomString(rand, b62, 22)}.${randomString(rand, b62, 43)}`,
    pemBody: Array.from({ length: 6 }, () => randomString(rand, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 64)),
  };
}
