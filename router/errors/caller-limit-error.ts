import { RateLimitedError } from './rate-limited-error.ts';

/**
 * A limit of the caller's own key or project refused the call before any target was tried: 429
 * `rate_limited` (rpm, tpm) or `budget_exceeded` (monthly budget), with `Retry-After`, naming the
 * limit ("project 'team-a' rate limit (rpm 60)").
 */
export class CallerLimitError extends RateLimitedError {
  readonly limit: string;

  constructor(kind: 'rate' | 'budget', limit: string, retryAfterMs: number) {
    const message = kind === 'rate' ? `Over the ${limit}; retry after the Retry-After seconds.` : `The ${limit} is spent for this month.`;
    super([], retryAfterMs, { code: kind === 'rate' ? 'rate_limited' : 'budget_exceeded', message });
    this.name = 'CallerLimitError';
    this.limit = limit;
  }
}
