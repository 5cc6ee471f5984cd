/** A source of randomness; engines and checks receive one instead of calling Math.random. */
export type Random = () => number;

/**
 * A seeded generator (mulberry32): the same seed gives the same sequence, for reproducible probes,
 * example values, generated corpora and tests.
 *
 * @example
 * const random = seededRandom(1); random(); // 0.6270739405881613
 */
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
