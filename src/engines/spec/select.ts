import { escapePointer } from '../../core/yaml-source.js';
import { isRef, type SpecPlace } from '../../surface/refs.js';
import type { SpecDoc } from './doc.js';

/** A value a selector reached, with where it sits (in the root file or a `$ref`'d one). */
export interface Match extends SpecPlace {
  readonly value: unknown;
  /** The last key or index on the way (`url` for `$.servers[0].url`). */
  readonly key: string;
}

type Step = { readonly kind: 'keys'; readonly keys: readonly string[] } | { readonly kind: 'any' };

const cache = new Map<string, Step[]>();
/** The text of each selector up to the end of each of its steps (`$.paths[*]`, `$.paths[*][get,post]`). */
const prefixCache = new Map<string, string[]>();

/**
 * Parse the selector subset the spec checks use: `$`, `.key`, `.*`, `[*]`, `[a,b]`, `['a/b']`.
 * Throws on anything else (a check's selector is code, so this fails in tests, never mid-audit).
 */
export function parseSelector(selector: string): Step[] {
  const have = cache.get(selector);
  if (have) return have;
  if (!selector.startsWith('$')) throw new Error(`selector must start with $: ${selector}`);
  const steps: Step[] = [];
  const prefixes: string[] = [];
  let i = 1;
  while (i < selector.length) {
    if (steps.length > prefixes.length) prefixes.push(selector.slice(0, i));
    const c = selector[i];
    if (c === '.') {
      if (selector[i + 1] === '*') {
        steps.push({ kind: 'any' });
        i += 2;
        continue;
      }
      const m = /^[A-Za-z0-9_$-]+/.exec(selector.slice(i + 1));
      if (!m) throw new Error(`bad selector near ${selector.slice(i)}`);
      steps.push({ kind: 'keys', keys: [m[0]] });
      i += 1 + m[0].length;
    } else if (c === '[') {
      const end = selector.indexOf(']', i);
      if (end < 0) throw new Error(`unclosed [ in ${selector}`);
      const inner = selector.slice(i + 1, end).trim();
      if (inner === '*') steps.push({ kind: 'any' });
      else steps.push({ kind: 'keys', keys: inner.split(',').map((k) => k.trim().replace(/^['"]|['"]$/g, '')) });
      i = end + 1;
    } else throw new Error(`bad selector near ${selector.slice(i)}`);
  }
  if (steps.length > prefixes.length) prefixes.push(selector);
  cache.set(selector, steps);
  prefixCache.set(selector, prefixes);
  return steps;
}

/**
 * What each selector prefix reached, by document: several checks select under the same prefix
 * (`$.paths[*][get,...]`: three checks, a Match and a pointer string per operation each time).
 * The documents do not change during an audit, and select's callers only read its lists.
 */
const reached = new WeakMap<SpecDoc, Map<string, readonly Match[]>>();

/** Every value a selector reaches in the document, following `$ref`s on the way. */
export function select(doc: SpecDoc, selector: string): readonly Match[] {
  const steps = parseSelector(selector);
  const prefixes = prefixCache.get(selector)!;
  let known = reached.get(doc);
  if (known === undefined) reached.set(doc, (known = new Map()));
  // Start after the longest prefix already selected in this document.
  let s = steps.length;
  let current: readonly Match[] | undefined;
  while (s > 0 && (current = known.get(prefixes[s - 1]!)) === undefined) s--;
  if (current === undefined) current = [{ file: doc.rootFile, pointer: '', value: doc.raw, key: '' }];
  // Indexed loops, and deref only for `$ref`s (it returns a copy of the place for anything else):
  // one Match object per value reached, not three.
  for (; s < steps.length; s++) {
    const step = steps[s]!;
    const next: Match[] = [];
    for (let i = 0; i < current.length; i++) {
      const m = current[i]!;
      const t = isRef(m.value) ? doc.spec.deref(m.value, m) : m;
      const v = t.value;
      if (v === null || typeof v !== 'object') continue;
      const keys = step.kind === 'any' ? Object.keys(v) : step.keys;
      for (let j = 0; j < keys.length; j++) {
        const k = keys[j]!;
        if (Array.isArray(v) ? !/^\d+$/.test(k) || Number(k) >= v.length : !Object.hasOwn(v, k)) continue;
        const child = (v as Record<string, unknown>)[k];
        const pointer = `${t.pointer}/${escapePointer(k)}`;
        if (isRef(child)) {
          const r = doc.spec.deref(child, { file: t.file, pointer });
          next.push({ file: r.file, pointer: r.pointer, value: r.value, key: k });
        } else next.push({ file: t.file, pointer, value: child, key: k });
      }
    }
    known.set(prefixes[s]!, next);
    current = next;
  }
  return current;
}
