/**
 * A router's shadow spend for the current UTC day, on this replica: a run reserves its estimated
 * cost before it starts (so concurrent runs cannot overshoot together), then settles the real cost.
 * A new day starts from zero.
 */
export class ShadowBudget {
  readonly #now: () => number;
  #day = '';
  #spentUsd = 0;
  #reservedUsd = 0;

  constructor(now: () => number) {
    this.#now = now;
  }

  #roll(): void {
    const day = new Date(this.#now()).toISOString().slice(0, 10);
    if (day === this.#day) return;
    this.#day = day;
    this.#spentUsd = 0;
    this.#reservedUsd = 0;
  }

  /** Reserves `estimateUsd` when it fits under `dailyUsd` with what is spent and reserved; false when not. */
  reserve(estimateUsd: number, dailyUsd: number): { day: string } | undefined {
    this.#roll();
    if (this.#spentUsd + this.#reservedUsd + estimateUsd > dailyUsd) return undefined;
    this.#reservedUsd += estimateUsd;
    return { day: this.#day };
  }

  /** Replaces a reservation by what was spent. */
  settle(reservation: { day: string }, estimateUsd: number, spentUsd: number): void {
    this.#roll();
    // A run that began yesterday: its reservation went with the day, its cost counts today.
    if (reservation.day !== this.#day) {
      this.#spentUsd += spentUsd;
      return;
    }
    this.#reservedUsd = Math.max(0, this.#reservedUsd - estimateUsd);
    this.#spentUsd += spentUsd;
  }

  spentUsd(): number {
    this.#roll();
    return this.#spentUsd;
  }
}
