import type { Attempt } from './all-targets-failed-error.ts';
import { GatewayError } from './gateway-error.ts';

/**
 * Every target of the plan was skipped and at least one for its provider's rate limit or budget:
 * 429, with `Retry-After` (whole seconds) the soonest a skipped limit frees up.
 */
export class RateLimitedError extends GatewayError {
  readonly attempts: Attempt[];
  declare readonly retryAfterSeconds: number;

  constructor(attempts: Attempt[], retryAfterMs: number) {
    const summary = attempts.map((attempt) => `${attempt.deployment} (${attempt.provider}): ${attempt.reason ?? attempt.outcome}`).join('; ');
    super('rate_limited', `Every target is over a configured limit: ${summary}`, { isRetryable: true, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
    this.name = 'RateLimitedError';
    this.attempts = attempts;
  }
}
