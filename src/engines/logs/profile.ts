import { BoundedMap, IdSet } from './state.js';
import type { LogEvent } from './types.js';

/** Settings of the per-token baseline. */
export interface ProfileOptions {
  /** How long after its first use a token's profile is learned. */
  readonly baselineMs: number;
  /** A profile is mature only after this many requests (and the baseline time). */
  readonly minBaselineRequests: number;
  /** Tokens tracked at once. */
  readonly maxTokens: number;
}

const VOLUME_WINDOW = 600_000;
const SOURCES_WINDOW = 300_000;

/**
 * What a token did during its baseline window: its networks, clients, operations and hours, and its
 * busiest 10 minutes and most networks within 5 minutes. Sets hold hashes, capped.
 */
export class TokenProfile {
  last: number;
  readonly first: number;
  count = 0;
  mature = false;
  readonly nets = new IdSet(64);
  readonly uas = new IdSet(32);
  readonly ops = new IdSet(512);
  hours = 0;
  /**
   * The last network and client ids found in `nets` and `uas` once mature (the sets no longer
   * change then), so the next use from the same context needs no look-up; -1 when none.
   */
  knownNetId = -1;
  knownUaId = -1;
  /** Per-check state attached to the token (see `DetectorEnv.slot`), so token checks need no map of their own. */
  readonly slots: unknown[] = [];
  peakVolume = 0;
  peakNetworks = 0;
  private volStart = 0;
  private volCount = 0;
  private srcStart = 0;
  private readonly srcNets = new IdSet(256);

  constructor(first: number) {
    this.first = first;
    this.last = first;
  }

  learn(e: LogEvent, o: ProfileOptions): void {
    this.count++;
    this.nets.add(e.netId);
    this.uas.add(e.uaId);
    this.ops.add(e.opId);
    this.hours |= 1 << Math.floor(e.time / 3_600_000) % 24;
    if (e.time - this.volStart >= VOLUME_WINDOW) {
      this.volStart = e.time;
      this.volCount = 0;
    }
    this.volCount++;
    if (this.volCount > this.peakVolume) this.peakVolume = this.volCount;
    if (e.time - this.srcStart >= SOURCES_WINDOW) {
      this.srcStart = e.time;
      this.srcNets.clear();
    }
    this.srcNets.add(e.netId);
    if (this.srcNets.size > this.peakNetworks) this.peakNetworks = this.srcNets.size;
    if (e.time - this.first >= o.baselineMs && this.count >= o.minBaselineRequests) {
      this.mature = true;
      this.srcNets.clear();
    }
  }

  /** True when the hour of `time` was never seen in the baseline. */
  isNewHour(time: number): boolean {
    return (this.hours & (1 << Math.floor(time / 3_600_000) % 24)) === 0;
  }
}

/** Profiles of every token, bounded. */
export class TokenProfiles {
  private readonly map: BoundedMap<TokenProfile>;
  constructor(readonly options: ProfileOptions) {
    this.map = new BoundedMap<TokenProfile>(options.maxTokens, 30 * 86_400_000);
  }

  /** The profile of the event's token (created on first use), before this event is learned. */
  of(e: LogEvent): TokenProfile {
    const p = this.map.getByNo(e.tokenId, e.tokenNo, e.noEpoch);
    return p ?? this.map.insert(e.tokenId, e.time, new TokenProfile(e.time), e.tokenNo, e.noEpoch);
  }

  /** Learn the event when its token is still in its baseline. */
  observe(e: LogEvent, p: TokenProfile): void {
    p.last = e.time;
    if (!p.mature) p.learn(e, this.options);
  }

  get size(): number {
    return this.map.size;
  }

  get evicted(): number {
    return this.map.evicted;
  }
}
