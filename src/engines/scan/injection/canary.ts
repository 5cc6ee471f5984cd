/** A source of randomness (injected: checks never call Math.random themselves). */
export type Random = () => number;

/** A fixed-seed generator (mulberry32) for tests and reproducible plans. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';

/** A lower-case token that cannot occur by chance in a response, e.g. `rmpqzkxwv`. */
export function canary(random: Random, length = 8, prefix = 'rmp'): string {
  let s = prefix;
  for (let i = 0; i < length; i++) s += LOWER[Math.floor(random() * LOWER.length)];
  return s;
}

/** An integer in [min, max]. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
