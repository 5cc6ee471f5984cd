import type { Exchange, Prober } from './probe.js';
import { responseSimilarity } from './similarity.js';
import type { OperationContext } from './check.js';
import type { ProbeRequest, ProbeResponse } from './types.js';

/** A true/false payload pair. Which of the two should look like the unmodified request depends on the pair. */
export interface DiffPair {
  readonly label: string;
  readonly truthy: ProbeRequest;
  readonly falsy: ProbeRequest;
  /** `true`: the true payload answers like the baseline (SQL `AND 1=1`); `false`: the false one does (`$eq` a random value). */
  readonly baselineLike: 'true' | 'false';
  /** Payload texts, stripped from bodies before comparing (reflections are not differences). */
  readonly sent: readonly string[];
  readonly truePayload: string;
  readonly falsePayload: string;
}

export interface Baseline {
  readonly first: Exchange & { readonly outcome: ProbeResponse };
  readonly second: Exchange & { readonly outcome: ProbeResponse };
  /** How alike the unmodified request's two responses are; noise lowers it. */
  readonly stability: number;
}

type OkExchange = Exchange & { readonly outcome: ProbeResponse };

/**
 * The unmodified request's response twice, to learn how much it varies on its own. Taken once per
 * operation (memo) and reusing the engine's shared baseline as the first sample when it is the same request.
 */
export async function takeBaseline(ctx: OperationContext): Promise<Baseline> {
  const cached = ctx.memo?.get('baseline') as Promise<Baseline> | undefined;
  if (cached) return cached;
  const p = (async () => {
    const shared = await ctx.sharedBaseline?.();
    const first: OkExchange = shared?.outcome.ok ? (shared as OkExchange) : await ctx.prober.must(ctx.base);
    const second = await ctx.prober.must(ctx.base);
    return { first, second, stability: responseSimilarity(first.outcome, second.outcome) };
  })();
  ctx.memo?.set('baseline', p);
  try {
    return await p;
  } catch (e) {
    ctx.memo?.delete('baseline');
    throw e;
  }
}

/** Tolerance derived from the baseline's own variation: a noisy endpoint tolerates (and so proves) nothing. */
export function tolerance(stability: number): number {
  return Math.max(0.002, 3 * (1 - stability));
}

export function isSame(a: ProbeResponse, b: ProbeResponse, stability: number, sent: readonly string[]): boolean {
  return responseSimilarity(a, b, sent) >= 1 - tolerance(stability);
}

export interface DiffEvidence {
  readonly trueEx: Exchange;
  readonly falseEx: Exchange;
  readonly similarity: number;
}

/**
 * Test a pair: the two answers must differ from each other, the expected one must match the baseline,
 * and a second round must give the same picture (stability re-check). Undefined when not confirmed.
 */
export async function confirmDifferential(prober: Prober, baseline: Baseline, pair: DiffPair): Promise<DiffEvidence | undefined> {
  if (tolerance(baseline.stability) >= 0.5) return undefined;
  const s = baseline.stability;
  const base = baseline.first.outcome;
  // The side expected to differ from the baseline goes first: when it does not, the pair cannot prove
  // anything and its twin is not sent.
  const round = async (first: boolean) => {
    if (pair.baselineLike === 'true') {
      const f = await prober.must(pair.falsy);
      if (first && isSame(f.outcome, base, s, pair.sent)) return undefined;
      const t = await prober.must(pair.truthy);
      return { t, f };
    }
    const t = await prober.must(pair.truthy);
    if (first && isSame(t.outcome, base, s, pair.sent)) return undefined;
    const f = await prober.must(pair.falsy);
    return { t, f };
  };
  const judge = (t: ProbeResponse, f: ProbeResponse) => {
    if (isSame(t, f, s, pair.sent)) return false;
    return isSame(pair.baselineLike === 'true' ? t : f, base, s, pair.sent);
  };
  const r1 = await round(true);
  if (!r1 || !judge(r1.t.outcome, r1.f.outcome)) return undefined;
  const r2 = await round(false);
  if (!r2 || !judge(r2.t.outcome, r2.f.outcome)) return undefined;
  if (!isSame(r1.t.outcome, r2.t.outcome, s, pair.sent) || !isSame(r1.f.outcome, r2.f.outcome, s, pair.sent)) return undefined;
  return { trueEx: r1.t, falseEx: r1.f, similarity: responseSimilarity(r1.t.outcome, r1.f.outcome, pair.sent) };
}
