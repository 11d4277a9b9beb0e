const SLOTS = 60;
const SLOT_MS = 1000;

/**
 * A sum over the last minute, in 60 one-second buckets kept in a ring: adding, reading and
 * correcting are O(1) (advancing the ring clears at most 60 buckets, amortized over the seconds
 * that passed). An amount added during second s stops counting when second s + 60 begins.
 * Time is passed in (epoch ms), never read, so tests drive the edges exactly.
 */
export class SlidingWindowCounter {
  readonly #amounts = new Float64Array(SLOTS);
  #total = 0;
  /** The second the ring was last advanced to. */
  #second = Number.NEGATIVE_INFINITY;

  #advance(now: number): number {
    const second = Math.floor(now / SLOT_MS);
    const elapsed = second - this.#second;
    if (elapsed <= 0) return this.#second;
    if (elapsed >= SLOTS) {
      this.#amounts.fill(0);
      this.#total = 0;
    } else {
      for (let step = 1; step <= elapsed; step++) {
        const slot = (this.#second + step) % SLOTS;
        this.#total -= this.#amounts[slot]!;
        this.#amounts[slot] = 0;
      }
    }
    this.#second = second;
    return second;
  }

  total(now: number): number {
    this.#advance(now);
    return this.#total;
  }

  add(amount: number, now: number): void {
    const second = this.#advance(now);
    this.#amounts[second % SLOTS]! += amount;
    this.#total += amount;
  }

  /**
   * Adds `amount` (negative to take back) to the bucket of the moment `at`, so a correction leaves
   * the window when the original amount does. Ignored once that moment has left the window.
   */
  adjust(amount: number, at: number, now: number): void {
    const current = this.#advance(now);
    const second = Math.min(Math.floor(at / SLOT_MS), current);
    if (second <= current - SLOTS) return;
    const slot = second % SLOTS;
    // A bucket never goes below zero: what was taken back cannot exceed what was counted there.
    const applied = Math.max(amount, -this.#amounts[slot]!);
    this.#amounts[slot]! += applied;
    this.#total += applied;
  }

  /**
   * Milliseconds until `amount` more fits under `limit` (0 when it fits now). An empty window always
   * admits, so one request larger than the whole limit is not refused forever.
   */
  waitMs(limit: number, amount: number, now: number): number {
    const current = this.#advance(now);
    if (this.#total + amount <= limit || this.#total <= 0) return 0;
    let remaining = this.#total;
    for (let step = 1; step <= SLOTS; step++) {
      remaining -= this.#amounts[(current + step) % SLOTS]!;
      if (remaining + amount <= limit || remaining <= 0) return (current + step) * SLOT_MS - now;
    }
    return SLOTS * SLOT_MS;
  }
}
