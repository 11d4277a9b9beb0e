import type { ErrorCode } from './error-codes.ts';
import { GatewayError, type GatewayErrorOptions } from './gateway-error.ts';
import type { UpstreamError } from './upstream-error.ts';

export type AttemptOutcome = 'success' | 'failed' | 'skipped';

/** One step the executor took (or skipped), kept in order for the client summary and the audit. */
export type Attempt = {
  deployment: string;
  provider: string;
  outcome: AttemptOutcome;
  /** Upstream HTTP status, when there was one. */
  status?: number;
  /** Short, secret-free reason: "HTTP 500", "timeout after 2000 ms", "circuit open"… */
  reason?: string;
  durationMs: number;
};

function summarize(attempts: Attempt[]): string {
  return attempts
    .map((attempt) => `${attempt.deployment} (${attempt.provider}): ${attempt.reason ?? attempt.outcome}`)
    .join('; ');
}

/** What the last failure says the client should know: a final 429 stays 429, a final 529 stays 529. */
function codeOf(attempts: Attempt[], lastError: UpstreamError | undefined): ErrorCode {
  if (attempts.length > 0 && attempts.every((attempt) => attempt.outcome === 'skipped')) return 'all_circuits_open';
  if (lastError?.kind === 'status' && lastError.upstreamStatus === 429) return 'upstream_rate_limited';
  if (lastError?.kind === 'status' && lastError.upstreamStatus === 529) return 'upstream_overloaded';
  const lastTimedOut = attempts.at(-1)?.reason?.startsWith('timeout') === true;
  return lastTimedOut && attempts.length === 1 ? 'upstream_timeout' : 'upstream_error';
}

/**
 * Every target of the plan failed or was skipped. 503 when every one was skipped by an open
 * circuit; 429 / 529 when the last upstream tried answered so, with its Retry-After and headers.
 */
export class AllTargetsFailedError extends GatewayError {
  readonly attempts: Attempt[];

  constructor(attempts: Attempt[], lastError?: UpstreamError) {
    const code = codeOf(attempts, lastError);
    const head = code === 'all_circuits_open' ? 'Every target is unavailable (circuit open)' : `All ${attempts.length} attempts failed`;
    const options: GatewayErrorOptions = {};
    if (lastError?.responseHeaders !== undefined) options.responseHeaders = lastError.responseHeaders;
    if ((code === 'upstream_rate_limited' || code === 'upstream_overloaded') && lastError?.retryAfterSeconds !== undefined) options.retryAfterSeconds = lastError.retryAfterSeconds;
    super(code, `${head}: ${summarize(attempts)}`, options);
    this.name = 'AllTargetsFailedError';
    this.attempts = attempts;
  }
}
