// Offline checksum verification for token formats that carry one.

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 (IEEE) of an ASCII string. */
export function crc32(s: string): number {
  let crc = -1;
  for (let i = 0; i < s.length; i++) crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ s.charCodeAt(i)) & 0xff]!;
  return (crc ^ -1) >>> 0;
}

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A number in base 62, left-padded with `0` to `width`. */
export function base62(n: number, width: number): string {
  let s = '';
  let v = n;
  do {
    s = B62[v % 62]! + s;
    v = Math.floor(v / 62);
  } while (v > 0);
  return s.padStart(width, '0');
}

/**
 * GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`) and npm (`npm_`) tokens: 30 random base62 characters then
 * 6 characters that are the CRC-32 of those 30, in base 62.
 */
export function verifyCrc32Base62(token: string): boolean {
  const body = token.slice(token.indexOf('_') + 1);
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}

/** The tail a valid token must end with (used to build synthetic test tokens). */
export function crc32Base62Tail(random30: string): string {
  return base62(crc32(random30), 6);
}
