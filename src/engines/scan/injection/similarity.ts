import type { ProbeResponse } from './types.js';

/** Remove the parts of a body that echo what we sent (in its common encodings), so reflection is not a difference. */
export function stripReflections(body: string, sent: readonly string[]): string {
  let out = body;
  for (const s of sent) {
    if (s.length < 2) continue;
    const forms = new Set([s, encodeURIComponent(s), htmlEscape(s), JSON.stringify(s).slice(1, -1), htmlEscape(JSON.stringify(s).slice(1, -1))]);
    for (const f of forms) if (f.length >= 2) out = out.split(f).join('');
  }
  return out;
}

function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function tokens(s: string): string[] {
  return s.split(/(?=[<>{}[\]",:;=])|\s+/).filter((t) => t.length > 0);
}

/**
 * How alike two response bodies are, 0..1: a multiset token overlap (the Sørensen–Dice coefficient over
 * tokens). Cheap and order-insensitive, which suits JSON whose key order or row order may move.
 */
export function textSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.length === 0 && tb.length === 0) return 1;
  if (ta.length === 0 || tb.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const t of ta) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of tb) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      common++;
      counts.set(t, c - 1);
    }
  }
  return (2 * common) / (ta.length + tb.length);
}

/** Response similarity: a different status is a different response; otherwise body similarity after removing reflections. */
export function responseSimilarity(a: ProbeResponse, b: ProbeResponse, sent: readonly string[] = []): number {
  if (a.status !== b.status) return 0;
  return textSimilarity(stripReflections(a.body, sent), stripReflections(b.body, sent));
}
