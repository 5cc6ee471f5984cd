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
  const again = await ctx.prober.must(build(d));
  const verdict = judgeTiming(
    [...controlsMs, control.outcome.timeMs],
    [zero.outcome.timeMs],
    [
      { label: 'first delay', delayS: d, timeMs: first.outcome.timeMs },
      { label: 'repeated delay', delayS: d, timeMs: again.outcome.timeMs },
    ],
  );
  return verdict.confirmed ? { first, zero, again, control, reason: verdict.reason } : undefined;
}
