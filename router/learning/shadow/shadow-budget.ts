import type { SpendStore } from '../../spend/spend-store.ts';

/**
 * A router's shadow spend for the current UTC day: a run reserves its estimated cost before it
 * starts (so concurrent runs cannot overshoot together), then settles the real cost. A new day
 * starts from zero. On this replica alone, or — with `shared`, the spend store of a redis or
 * postgres `store` — for all replicas: the day's spend is then what the store last read back of
 * every replica plus what this one has not pushed yet, so replicas together overshoot by at most
 * what they spend within one `sync_ms` (as provider budgets do). Reservations stay per replica.
 */
export class ShadowBudget {
  readonly #now: () => number;
  readonly #shared: { store: SpendStore; account: string } | undefined;
  #day = '';
  #spentUsd = 0;
  #reservedUsd = 0;

  constructor(now: () => number, shared?: { store: SpendStore; account: string }) {
    this.#now = now;
    this.#shared = shared;
  }

  #roll(): void {
    const day = new Date(this.#now()).toISOString().slice(0, 10);
    if (day === this.#day) return;
    this.#day = day;
    this.#spentUsd = 0;
    this.#reservedUsd = 0;
  }

  #spent(): number {
    if (this.#shared === undefined) return this.#spentUsd;
    return this.#shared.store.load(this.#day).get(this.#shared.account) ?? 0;
  }

  /** Reserves `estimateUsd` when it fits under `dailyUsd` with what is spent and reserved; false when not. */
  reserve(estimateUsd: number, dailyUsd: number): { day: string } | undefined {
    this.#roll();
    if (this.#spent() + this.#reservedUsd + estimateUsd > dailyUsd) return undefined;
    this.#reservedUsd += estimateUsd;
    return { day: this.#day };
  }

  /** Replaces a reservation by what was spent. */
  settle(reservation: { day: string }, estimateUsd: number, spentUsd: number): void {
    this.#roll();
    // A run that began yesterday: its reservation went with the day, its cost counts today.
    if (reservation.day === this.#day) this.#reservedUsd = Math.max(0, this.#reservedUsd - estimateUsd);
    if (this.#shared !== undefined) this.#shared.store.add(this.#shared.account, this.#day, spentUsd);
    else this.#spentUsd += spentUsd;
  }

  spentUsd(): number {
    this.#roll();
    return this.#spent();
  }
}
