import type { Usage } from '../core/chat-result.ts';
import { CallerLimitError } from '../errors/caller-limit-error.ts';
import type { LimitRefusal } from '../limits/limit-refusal.ts';
import type { RateLimitedAccount, RateLimits } from '../limits/rate-limits.ts';
import type { BudgetedAccount, SpendLedger } from '../spend/spend-ledger.ts';
import type { SpendStore } from '../spend/spend-store.ts';
import type { Caller } from './caller.ts';
import type { GovernedBudget, GovernedLimits } from './compiled-project.ts';

/** The counters of one key or project: its name in the windows and the ledger (`key:<id>`, `project:<name>`). */
type Account = { name: string; label: string; limits: GovernedLimits | undefined; budget: GovernedBudget | undefined };

/** What admission decided: serve as asked, or through the router a spent project downgrades to. */
export type CallerAdmission = { routeTo?: string };

/** A key's or project's counters now: this minute's window and this month's spend against its limits and budget. */
export type CallerUsage = {
  /** `used` is null for an account without limits: no window counts its calls. */
  rpm: { used: number | null; limit: number | null };
  tpm: { used: number | null; limit: number | null };
  spend: { month: string; usd: number; budget_usd: number | null; fraction: number | null; alert_at: readonly number[] };
};

/** What is known of a served call, to settle its real tokens and cost on the caller's counters. */
export type CallerSettlement = { admittedAt: number; estimatedTokens: number; usage: Usage; costUsd: number | undefined };

export function keyAccountName(keyId: string): string {
  return `key:${keyId}`;
}

export function projectAccountName(project: string): string {
  return `project:${project}`;
}

function accountsOf(caller: Caller): Account[] {
  const accounts: Account[] = [{ name: keyAccountName(caller.keyId), label: `key '${caller.name}'`, limits: caller.limits, budget: caller.budget }];
  const project = caller.project;
  if (project !== undefined) accounts.push({ name: projectAccountName(project.name), label: `project '${project.name}'`, limits: project.limits, budget: project.budget });
  return accounts;
}

function asBudgeted(account: Account): BudgetedAccount {
  return { name: account.name, budget: account.budget === undefined ? undefined : { monthlyUsd: account.budget.monthlyUsd, alertAt: [...account.budget.alertAt] } };
}

/**
 * Limits and budgets of the caller's own key and project, checked in that order before routing
 * (the provider accounts' come after, per attempt, in the executor). The windows and the ledger
 * are today's (router/limits), in the same store kinds: in process, SQLite, or Redis shared by
 * every replica. Over a limit: 429 `rate_limited` naming it; a spent budget: 429
 * `budget_exceeded`, or a project's `on_exhausted: { route_to }` router instead.
 */
export class CallerLimits {
  readonly rate: RateLimits;
  readonly spend: SpendLedger;
  readonly #store: SpendStore | undefined;

  constructor(options: { rate: RateLimits; spend: SpendLedger; store?: SpendStore | undefined }) {
    this.rate = options.rate;
    this.spend = options.spend;
    this.#store = options.store;
  }

  /** Admits the call (counting it in every window it passes) or throws CallerLimitError. */
  async admit(caller: Caller, estimatedTokens: number): Promise<CallerAdmission> {
    const admission: CallerAdmission = {};
    for (const account of accountsOf(caller)) {
      if (account.budget !== undefined) {
        const refusal = this.spend.refusal(asBudgeted(account));
        if (refusal !== undefined) {
          const action = account.budget.onExhausted;
          if (action.kind === 'block') throw new CallerLimitError('budget', `${account.label} budget (monthly_usd ${account.budget.monthlyUsd})`, refusal.retryAfterMs);
          admission.routeTo = action.router;
        }
      }
      if (account.limits !== undefined) {
        const limited: RateLimitedAccount = { name: account.name, limits: account.limits };
        let refusal: LimitRefusal | undefined | Promise<LimitRefusal | undefined> = this.rate.admit(limited, estimatedTokens);
        if (refusal instanceof Promise) refusal = await refusal;
        if (refusal !== undefined) throw new CallerLimitError('rate', `${account.label} ${refusal.reason}`, refusal.retryAfterMs);
      }
    }
    return admission;
  }

  /** Real tokens replace the estimate in the caller's windows; the cost goes to the month of key and project. */
  settle(caller: Caller, settlement: CallerSettlement): void {
    const used = settlement.usage.inputTokens + settlement.usage.outputTokens;
    for (const account of accountsOf(caller)) {
      // Every window that counted the estimate (an rpm-only one too: /admin/usage shows its tokens).
      if (account.limits !== undefined) this.rate.correctTokens(account.name, settlement.admittedAt, used - settlement.estimatedTokens);
      if (settlement.costUsd !== undefined) this.spend.record(asBudgeted(account), settlement.costUsd);
    }
  }

  /**
   * The live counters of a key (`keyAccountName(id)`) or project (`projectAccountName(name)`): the
   * requests and tokens of the current minute (shared by every replica with Redis; only an account
   * with limits has a window) and the month's spend (with a shared store: every replica's, as of
   * the last read-back).
   */
  async usage(account: string, settings: { limits: GovernedLimits | undefined; budget: { monthlyUsd: number; alertAt: readonly number[] } | undefined }): Promise<CallerUsage> {
    const window = settings.limits === undefined ? undefined : await this.rate.usage(account);
    const usd = this.spend.spentUsd(account);
    const budget = settings.budget;
    return {
      rpm: { used: window?.requests ?? null, limit: settings.limits?.rpm ?? null },
      tpm: { used: window?.tokens ?? null, limit: settings.limits?.tpm ?? null },
      spend: { month: this.spend.month, usd, budget_usd: budget?.monthlyUsd ?? null, fraction: budget === undefined ? null : usd / budget.monthlyUsd, alert_at: budget?.alertAt ?? [] },
    };
  }

  /** USD spent this month by a key (`key:<id>`) or project (`project:<name>`). */
  spentUsd(account: string): number {
    return this.spend.spentUsd(account);
  }

  /** With a shared store: pushes this replica's spend and reads every replica's month back. */
  async syncSpend(): Promise<void> {
    await this.#store?.sync?.();
  }

  /** USD of key and project spend a shared store has not confirmed yet (postgres), else 0. */
  unsyncedSpendUsd(): number {
    return this.#store?.unsyncedUsd?.() ?? 0;
  }

  async close(): Promise<void> {
    await this.#store?.close();
  }
}
