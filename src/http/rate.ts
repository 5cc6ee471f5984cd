/** A per-host pacer (`--rps`) and a counting semaphore (`--concurrency`). */

export class HostPacer {
  private readonly next = new Map<string, number>();
  constructor(
    private readonly rps: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Milliseconds to wait before the next request to `host` may start (and reserve that slot). */
  reserve(host: string): number {
    if (!(this.rps > 0) || !Number.isFinite(this.rps)) return 0;
    const interval = 1000 / this.rps;
    const t = this.now();
    const slot = Math.max(t, this.next.get(host) ?? t);
    this.next.set(host, slot + interval);
    return slot - t;
  }
}

export class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  constructor(private readonly max: number) {}

  /** Take a slot without waiting; false when none is free. */
  tryAcquire(): boolean {
    if (this.active < this.max) {
      this.active++;
      return true;
    }
    return false;
  }

  async acquire(): Promise<void> {
    if (this.active < this.max) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const w = this.waiters.shift();
    if (w) w();
    else this.active--;
  }
}
