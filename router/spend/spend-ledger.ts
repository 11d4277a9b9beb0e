import type { ProviderSettings } from '../config/compiled-config.ts';
import type { SpendStore } from '././spend-store.ts';
import type { LimitRefusal } from '../limits/limit-refusal.ts';
import type { MonthClock } from './month-clock.ts';

/** What a budget needs of an account: a provider's settings, or a key's or project's budget. */
export type BudgetedAccount = Pick<ProviderSettings, 'name' | 'budget'>;

/** A budget threshold crossed, reported once per provider, threshold and month. */
export type BudgetAlert = { provider: string; month: string; threshold: number; spendUsd: number; budgetUsd: number };

export type SpendLedgerOptions = {
  clock: MonthClock;
  now: () => number;
  /** Absent: memory only (a restart starts the month at zero). */
  store?: SpendStore;
  onAlert?: (alert: BudgetAlert) => void;
};

/**
 * USD spent per provider account in the current calendar month (of `server.timezone`). Fed with
 * each served request's cost; read by admission (a provider at 100 % of `monthly_usd` is skipped),
 * by the `monthly_spend_pct` signal and by /admin/limits. A new month starts from what the store
 * holds for it (nothing, unless another run wrote it), so a restart mid-month keeps the month.
 */
export class SpendLedger {
  readonly #clock: MonthClock;
  readonly #now: () => number;
  readonly #store: SpendStore | undefined;
  readonly #onAlert: ((alert: BudgetAlert) => void) | undefined;
  #month = '';
  #spend = new Map<string, number>();
  /** Highest alert threshold already reported this month, per provider. */
  #alerted = new Map<string, number>();

  constructor(options: SpendLedgerOptions) {
    this.#clock = options.clock;
    this.#now = options.now;
    this.#store = options.store;
    this.#onAlert = options.onAlert;
    this.#roll(this.#now());
  }

  /** Switches to the month of `at` when it is a new one. Returns the month. */
  #roll(at: number): string {
    const month = this.#clock.monthOf(at);
    if (month !== this.#month) {
      this.#month = month;
      this.#spend = this.#store?.load(month) ?? new Map();
      this.#alerted = new Map();
    }
    return month;
  }

  /** Adds a served call's cost to the current month. */
  record(provider: BudgetedAccount, usd: number): void {
    if (!(usd > 0)) return;
    const month = this.#roll(this.#now());
    const before = this.#spend.get(provider.name) ?? 0;
    const after = before + usd;
    this.#spend.set(provider.name, after);
    this.#store?.add(provider.name, month, usd);
    if (provider.budget !== undefined) this.#alertCrossed(provider.name, month, before, after, provider.budget);
  }

  #alertCrossed(provider: string, month: string, before: number, after: number, budget: NonNullable<ProviderSettings['budget']>): void {
    const alreadyAlerted = this.#alerted.get(provider) ?? 0;
    let highest = alreadyAlerted;
    for (const threshold of budget.alertAt) {
      const line = threshold * budget.monthlyUsd;
      if (threshold > alreadyAlerted && before < line && after >= line) {
        this.#onAlert?.({ provider, month, threshold, spendUsd: after, budgetUsd: budget.monthlyUsd });
        highest = Math.max(highest, threshold);
      }
    }
    if (highest > alreadyAlerted) this.#alerted.set(provider, highest);
  }

  /**
   * Takes in a month's totals read back from a shared store (every replica's spend). Spend only
   * grows within a month, so per provider the larger of the two views wins: a store that lost its
   * data does not hand a spent budget back. A threshold crossed by what others spent alerts here too.
   */
  merge(month: string, totals: ReadonlyMap<string, number>, providers: Iterable<BudgetedAccount>): void {
    if (this.#roll(this.#now()) !== month) return;
    const settings = new Map<string, BudgetedAccount>();
    for (const provider of providers) settings.set(provider.name, provider);
    for (const [provider, usd] of totals) {
      const before = this.#spend.get(provider) ?? 0;
      if (!(usd > before)) continue;
      this.#spend.set(provider, usd);
      const budget = settings.get(provider)?.budget;
      if (budget !== undefined) this.#alertCrossed(provider, month, before, usd, budget);
    }
  }

  /** USD spent this month by the provider. */
  spentUsd(provider: string): number {
    this.#roll(this.#now());
    return this.#spend.get(provider) ?? 0;
  }

  /** Spend over `monthly_usd`, or undefined for a provider without a budget. */
  fraction(provider: BudgetedAccount): number | undefined {
    if (provider.budget === undefined) return undefined;
    return this.spentUsd(provider.name) / provider.budget.monthlyUsd;
  }

  /** The highest fraction among the providers that have a budget; 0 when none has. */
  highestFraction(providers: Iterable<BudgetedAccount>): number {
    let highest = 0;
    for (const provider of providers) highest = Math.max(highest, this.fraction(provider) ?? 0);
    return highest;
  }

  /** Refuses a provider whose month's spend has reached its budget, until the next month begins. */
  refusal(provider: BudgetedAccount): LimitRefusal | undefined {
    const fraction = this.fraction(provider);
    if (fraction === undefined || fraction < 1) return undefined;
    const now = this.#now();
    return { reason: `budget exhausted (monthly_usd ${provider.budget?.monthlyUsd})`, retryAfterMs: this.#clock.nextMonthStart(now) - now };
  }

  get month(): string {
    return this.#roll(this.#now());
  }
}
