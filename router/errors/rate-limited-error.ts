import type { Attempt } from './all-targets-failed-error.ts';
import { GatewayError } from './gateway-error.ts';

/**
 * Every target of the plan was skipped and at least one for its provider's rate limit or budget:
 * 429, with `Retry-After` (whole seconds) the soonest a skipped limit frees up.
 */
export class RateLimitedError extends GatewayError {
  readonly attempts: Attempt[];
  declare readonly retryAfterSeconds: number;

  /** `refusal`: a limit of the caller's key or project (checked before any target), instead of the targets'. */
  constructor(attempts: Attempt[], retryAfterMs: number, refusal?: { code: 'rate_limited' | 'budget_exceeded'; message: string }) {
    const summary = attempts.map((attempt) => `${attempt.deployment} (${attempt.provider}): ${attempt.reason ?? attempt.outcome}`).join('; ');
    super(refusal?.code ?? 'rate_limited', refusal?.message ?? `Every target is over a configured limit: ${summary}`, { isRetryable: true, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
    this.name = 'RateLimitedError';
    this.attempts = attempts;
  }
}
