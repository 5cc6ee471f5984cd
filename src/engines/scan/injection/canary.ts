import { seededRandom } from '../../../core/random.js';
import type { Random } from '../../../core/random.js';

export { seededRandom };
export type { Random };

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
