// A bounded binary search for the largest size a server accepts. Every probe counts against a
// request budget and a time budget; a probe the server answers with garbage stops the search and
// the search reports what it had measured by then.

/** What one probe of size n showed. */
export type ProbeVerdict = 'accepted' | 'rejected' | 'unreadable';

export interface SearchOptions {
  /** Smallest size worth testing (assumed accepted when the search starts there). */
  readonly min: number;
  /** Largest size tested: accepting it means "no limit found up to max". */
  readonly max: number;
  /** Probes at most. */
  readonly maxProbes: number;
  /** Stop when `now()` passes this (ms on the same clock). */
  readonly deadline: number;
  readonly now: () => number;
}

export interface SearchResult {
  /** The largest size seen accepted (0 when none was). */
  readonly accepted: number;
  /** The smallest size seen rejected, if any. */
  readonly rejected?: number;
  /** True when `max` itself was accepted: no limit up to the bound. */
  readonly unbounded: boolean;
  /** True when the search ended on its budget, its deadline or an unreadable answer before converging. */
  readonly incomplete: boolean;
  /** Why it stopped early, when it did. */
  readonly stoppedBy?: 'probes' | 'time' | 'unreadable';
  readonly probes: number;
  /** Every size probed, with its verdict. */
  readonly trail: readonly { readonly n: number; readonly verdict: ProbeVerdict }[];
}

/**
 * Probe `max` first (the common case of no limit costs one request), then `min`, then bisect.
 * The answer is exact when it converges: accepted + 1 === rejected.
 */
export async function boundedSearch(probe: (n: number) => Promise<ProbeVerdict>, o: SearchOptions): Promise<SearchResult> {
  const trail: { n: number; verdict: ProbeVerdict }[] = [];
  let lo = 0;
  let hi = o.max;
  let stoppedBy: SearchResult['stoppedBy'];
  const run = async (n: number): Promise<ProbeVerdict | undefined> => {
    if (trail.length >= o.maxProbes) {
      stoppedBy = 'probes';
      return undefined;
    }
    if (o.now() > o.deadline) {
      stoppedBy = 'time';
      return undefined;
    }
    const v = await probe(n);
    trail.push({ n, verdict: v });
    if (v === 'unreadable') stoppedBy = 'unreadable';
    return v;
  };
  const first = await run(o.max);
  if (first === 'accepted') return { accepted: o.max, unbounded: true, incomplete: false, probes: trail.length, trail };
  if (first !== 'rejected') return { accepted: 0, unbounded: false, incomplete: true, ...(stoppedBy ? { stoppedBy } : {}), probes: trail.length, trail };
  const second = await run(o.min);
  if (second === 'accepted') lo = o.min;
  else if (second === 'rejected') return { accepted: 0, rejected: o.min, unbounded: false, incomplete: false, probes: trail.length, trail };
  else return { accepted: 0, rejected: hi, unbounded: false, incomplete: true, ...(stoppedBy ? { stoppedBy } : {}), probes: trail.length, trail };
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const v = await run(mid);
    if (v === undefined || v === 'unreadable') break;
    if (v === 'accepted') lo = mid;
    else hi = mid;
  }
  const converged = hi - lo <= 1;
  return { accepted: lo, rejected: hi, unbounded: false, incomplete: !converged, ...(!converged && stoppedBy ? { stoppedBy } : {}), probes: trail.length, trail };
}
