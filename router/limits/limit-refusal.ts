import type { PlanStep } from '../routing/routing-types.ts';

/** Why a provider account may not take a call now, and when it may again. */
export type LimitRefusal = {
  /** Secret-free, for the skipped attempt: "rate limit (rpm 500)", "budget exhausted (monthly_usd 300)". */
  reason: string;
  /** Milliseconds until the limit lets a call through again. */
  retryAfterMs: number;
};

/**
 * What the executor asks before each call of a step: undefined admits (and counts) the call. A
 * promise when the answer needs a round trip (limits shared through Redis); in-process limits
 * answer synchronously, and the executor awaits only a promise.
 */
export type Admission = { admit(step: PlanStep): LimitRefusal | undefined | Promise<LimitRefusal | undefined> };
