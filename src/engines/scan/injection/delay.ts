import type { PointContext } from './check.js';
import type { Exchange } from './probe.js';
import { isDelayed, judgeTiming } from './timing.js';
import type { ProbeRequest } from './types.js';

export interface DelayProof {
  readonly first: Exchange;
  readonly zero: Exchange;
  readonly again: Exchange;
  readonly control: Exchange;
  readonly reason: string;
}

/** The confirming delay: longer than the first, so a fixed stall of the server cannot pass for both. */
export function longerDelay(d: number): number {
  return d + Math.max(1, Math.round(d / 2));
}

/**
 * Try a delay payload: if the first try is slow by the delay against the controls, send a zero-delay
 * twin, a fresh control and the delay again, and judge the whole series. Undefined when not confirmed.
 */
export async function confirmDelay(ctx: PointContext, build: (seconds: number) => ProbeRequest, controlsMs: readonly number[]): Promise<DelayProof | undefined> {
  const d = ctx.options.delayS;
  const first = await ctx.prober.send(build(d));
  if (!first.outcome.ok || !isDelayed(first.outcome.timeMs, d, controlsMs)) return undefined;
  const zero = await ctx.prober.must(build(0));
  const control = await ctx.prober.must(ctx.base);
  const d2 = longerDelay(d);
  const again = await ctx.prober.must(build(d2));
  const verdict = judgeTiming(
    [...controlsMs, control.outcome.timeMs],
    [zero.outcome.timeMs],
    [
      { label: 'first delay', delayS: d, timeMs: first.outcome.timeMs },
      { label: 'longer delay', delayS: d2, timeMs: again.outcome.timeMs },
    ],
  );
  return verdict.confirmed ? { first, zero, again, control, reason: verdict.reason } : undefined;
}
