import type { LimitRefusal } from './limit-refusal.ts';
import type { RateLimitedAccount, RateLimits, RateUsage } from './rate-limits.ts';
import { SlidingWindowCounter } from './sliding-window-counter.ts';

type ProviderWindows = { requests: SlidingWindowCounter; tokens: SlidingWindowCounter };

/**
 * Requests and tokens per minute, per provider account, over a sliding minute (60 one-second
 * buckets). A call is counted at admission with its estimated input tokens; `correctTokens`
 * replaces the estimate with the real usage (input + output) once the provider reports it.
 * Keyed by provider name and kept across reloads: a changed limit applies to the current window.
 */
export class RateLimiter implements RateLimits {
  readonly #windows = new Map<string, ProviderWindows>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  #windowsOf(provider: string): ProviderWindows {
    let windows = this.#windows.get(provider);
    if (windows === undefined) {
      windows = { requests: new SlidingWindowCounter(), tokens: new SlidingWindowCounter() };
      this.#windows.set(provider, windows);
    }
    return windows;
  }

  /** Counts the call and returns undefined, or refuses it (counting nothing) when a limit is reached. */
  admit(provider: RateLimitedAccount, estimatedTokens: number): LimitRefusal | undefined {
    const limits = provider.limits;
    if (limits === undefined) return undefined;
    const now = this.#now();
    const windows = this.#windowsOf(provider.name);
    if (limits.rpm !== undefined) {
      const wait = windows.requests.waitMs(limits.rpm, 1, now);
      if (wait > 0) return { reason: `rate limit (rpm ${limits.rpm})`, retryAfterMs: wait };
    }
    if (limits.tpm !== undefined) {
      const wait = windows.tokens.waitMs(limits.tpm, estimatedTokens, now);
      if (wait > 0) return { reason: `rate limit (tpm ${limits.tpm})`, retryAfterMs: wait };
    }
    windows.requests.add(1, now);
    windows.tokens.add(estimatedTokens, now);
    return undefined;
  }

  /** Adds `delta` tokens (real usage minus the estimate) to the second the call was admitted in. */
  correctTokens(provider: string, admittedAt: number, delta: number): void {
    if (delta === 0) return;
    this.#windows.get(provider)?.tokens.adjust(delta, admittedAt, this.#now());
  }

  /** Requests and tokens counted in the current minute. */
  usage(provider: string): RateUsage {
    const windows = this.#windows.get(provider);
    if (windows === undefined) return { requests: 0, tokens: 0 };
    const now = this.#now();
    return { requests: windows.requests.total(now), tokens: windows.tokens.total(now) };
  }
}
