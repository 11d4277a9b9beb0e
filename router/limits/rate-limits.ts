import type { ProviderSettings } from '../config/compiled-config.ts';
import type { LimitRefusal } from './limit-refusal.ts';

/** What a rate window needs of an account: a provider's settings, or a key's or project's limits. */
export type RateLimitedAccount = Pick<ProviderSettings, 'name' | 'limits'>;

export type RateUsage = { requests: number; tokens: number };

/**
 * Per provider account rpm/tpm, wherever the windows live. The in-process RateLimiter answers
 * synchronously; the Redis one answers with a promise (a round trip), or synchronously while it
 * falls back to local state. Callers await only what is a promise, so the in-process path pays no
 * microtask.
 */
export interface RateLimits {
  /** Counts the call and returns undefined, or refuses it (counting nothing) when a limit is reached. */
  admit(provider: RateLimitedAccount, estimatedTokens: number): LimitRefusal | undefined | Promise<LimitRefusal | undefined>;
  /** Adds `delta` tokens (real usage minus the estimate) to the second the call was admitted in. */
  correctTokens(provider: string, admittedAt: number, delta: number): void;
  /** Requests and tokens counted in the current minute. */
  usage(provider: string): RateUsage | Promise<RateUsage>;
}
