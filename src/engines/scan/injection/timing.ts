/**
 * Timing confirmation. A delay payload counts only when it is slow by about the requested delay compared
 * with every control measured around it, a zero-delay twin of the same payload is fast, and the slow
 * result repeats. A server that is merely slow (or slow at random) fails one of these.
 */

export interface TimingSample {
  readonly label: string;
  readonly delayS: number;
  readonly timeMs: number;
}

export interface TimingVerdict {
  readonly confirmed: boolean;
  readonly reason: string;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** True when one delayed sample stands out from the controls by at least 80 % of the delay. */
export function isDelayed(timeMs: number, delayS: number, controlsMs: readonly number[]): boolean {
  const ctlMax = controlsMs.length ? Math.max(...controlsMs) : 0;
  const ctlMed = controlsMs.length ? median(controlsMs) : 0;
  return timeMs - ctlMed >= 800 * delayS && timeMs >= ctlMax + 500 * delayS;
}

/**
 * Judge a series: controls (the unmodified request and zero-delay twins) and delayed probes. Every
 * delayed probe must stand out from the controls and every zero-delay twin must not.
 */
export function judgeTiming(controlsMs: readonly number[], zeroMs: readonly number[], delayed: readonly TimingSample[]): TimingVerdict {
  if (controlsMs.length === 0 || delayed.length < 2 || zeroMs.length === 0) return { confirmed: false, reason: 'too few samples' };
  const baseline = [...controlsMs, ...zeroMs];
  for (const z of zeroMs) {
    if (isDelayed(z, delayed[0]!.delayS, controlsMs)) return { confirmed: false, reason: 'zero-delay twin was slow too' };
  }
  for (const d of delayed) {
    if (!isDelayed(d.timeMs, d.delayS, baseline)) return { confirmed: false, reason: `${d.label} was not slower than the controls` };
  }
  // A longer requested delay must give a longer answer: a server that stalls for a fixed time now and
  // then passes the checks above, not this one.
  const ctlMed = median(baseline);
  const sorted = [...delayed].sort((a, b) => a.delayS - b.delayS);
  for (let i = 1; i < sorted.length; i++) {
    const dd = sorted[i]!.delayS - sorted[i - 1]!.delayS;
    if (dd <= 0) continue;
    const grew = sorted[i]!.timeMs - ctlMed - (sorted[i - 1]!.timeMs - ctlMed);
    if (grew < 500 * dd) return { confirmed: false, reason: `a ${sorted[i]!.delayS}s delay was not slower than a ${sorted[i - 1]!.delayS}s one` };
  }
  return { confirmed: true, reason: `delays of ${delayed.map((d) => `${d.delayS}s→${Math.round(d.timeMs)}ms`).join(', ')} against controls of ${baseline.map((c) => Math.round(c)).join('/')}ms` };
}
