import type { ProviderSettings } from '../config/compiled-config.ts';
import type { Usage } from '../core/chat-result.ts';
import type { PlanStep } from '../routing/routing-types.ts';
import type { RequestMemo } from '../signals/request-memo.ts';
import type { SpendStore } from '../spend/spend-store.ts';
import type { Admission, LimitRefusal } from './limit-refusal.ts';
import { createMonthClock } from '../spend/month-clock.ts';
import { RateLimiter } from './rate-limiter.ts';
import type { RateLimits } from './rate-limits.ts';
import { SpendLedger, type BudgetAlert } from '../spend/spend-ledger.ts';

/** What is known of a finished call, to settle its tokens and cost. */
export type SettledCall = { memo: RequestMemo | undefined; provider: ProviderSettings; admittedAt: number; usage: Usage; costUsd: number | undefined };

export type ProviderLimitsSnapshot = {
  month: string;
  providers: Array<{
    provider: string;
    rpm: { used: number; limit: number | null };
    tpm: { used: number; limit: number | null };
    spend: { usd: number; budget_usd: number | null; fraction: number | null; alert_at: number[] };
  }>;
};

export type ProviderLimitsOptions = {
  timeZone: string;
  now: () => number;
  /** The providers of the config serving now (it changes on reload). */
  providers: () => Iterable<ProviderSettings>;
  store?: SpendStore;
  /** Where the rpm/tpm windows live; default in this process. */
  rate?: RateLimits;
  onAlert?: (alert: BudgetAlert) => void;
};

/**
 * The limits of every provider account in one service, long-lived across reloads: rate limits
 * (rpm, tpm) and monthly budgets. The executor asks `admit` before each call; the request's
 * bookkeeping calls `settle` with the real usage and cost once it is over.
 */
export class ProviderLimits {
  readonly rate: RateLimits;
  readonly spend: SpendLedger;
  readonly #providers: () => Iterable<ProviderSettings>;
  readonly #store: SpendStore | undefined;

  constructor(options: ProviderLimitsOptions) {
    this.rate = options.rate ?? new RateLimiter(options.now);
    this.spend = new SpendLedger({ clock: createMonthClock(options.timeZone), now: options.now, store: options.store, onAlert: options.onAlert });
    this.#providers = options.providers;
    this.#store = options.store;
    // A shared store reads back every replica's spend; the ledger's view follows it.
    options.store?.watch?.((month, totals) => this.spend.merge(month, totals, this.#providers()));
  }

  /**
   * Budget first (it refuses for the month), then the rate windows (which count an admitted call).
   * A promise only when the windows live in Redis.
   */
  admit(step: PlanStep, memo: RequestMemo): LimitRefusal | undefined | Promise<LimitRefusal | undefined> {
    const provider = step.deployment.provider;
    if (provider.budget !== undefined) {
      const refusal = this.spend.refusal(provider);
      if (refusal !== undefined) return refusal;
    }
    if (provider.limits === undefined) return undefined;
    return this.rate.admit(provider, memo.inputTokens());
  }

  /** The executor's view of `admit` for one request. */
  admissionFor(memo: RequestMemo): Admission {
    return { admit: (step) => this.admit(step, memo) };
  }

  /** Replaces the call's token estimate with its real usage and adds its cost to the month. */
  settle(call: SettledCall): void {
    if (call.provider.limits !== undefined && call.memo !== undefined) {
      const used = call.usage.inputTokens + call.usage.outputTokens;
      this.rate.correctTokens(call.provider.name, call.admittedAt, used - call.memo.inputTokens());
    }
    if (call.costUsd !== undefined) this.spend.record(call.provider, call.costUsd);
  }

  /** Reads a shared store's month now (at start: a restarted replica knows the month's spend before serving). */
  async syncSpend(): Promise<void> {
    await this.#store?.sync?.();
  }

  /** USD of spend not confirmed by a shared store yet; undefined when the store does not say. */
  unsyncedSpendUsd(): number | undefined {
    return this.#store?.unsyncedUsd?.();
  }

  /** `monthly_spend_pct`: the highest spend / monthly_usd among the providers that have a budget. */
  monthlySpendFraction(): number {
    return this.spend.highestFraction(this.#providers());
  }

  async snapshot(): Promise<ProviderLimitsSnapshot> {
    const list = [...this.#providers()];
    const usages = await Promise.all(list.map((provider) => this.rate.usage(provider.name)));
    const providers = list.map((provider, index) => {
      const usage = usages[index] ?? { requests: 0, tokens: 0 };
      return {
        provider: provider.name,
        rpm: { used: usage.requests, limit: provider.limits?.rpm ?? null },
        tpm: { used: usage.tokens, limit: provider.limits?.tpm ?? null },
        spend: {
          usd: this.spend.spentUsd(provider.name),
          budget_usd: provider.budget?.monthlyUsd ?? null,
          fraction: this.spend.fraction(provider) ?? null,
          alert_at: provider.budget?.alertAt ?? [],
        },
      };
    });
    return { month: this.spend.month, providers };
  }

  async close(): Promise<void> {
    await this.#store?.close();
  }
}

