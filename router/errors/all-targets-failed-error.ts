import { GatewayError } from './gateway-error.ts';

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

/** Every target of the plan failed or was skipped. 503 when every one was skipped by an open circuit. */
export class AllTargetsFailedError extends GatewayError {
  readonly attempts: Attempt[];

  constructor(attempts: Attempt[]) {
    const allOpen = attempts.length > 0 && attempts.every((attempt) => attempt.outcome === 'skipped');
    const lastTimedOut = attempts.at(-1)?.reason?.startsWith('timeout') === true;
    const code = allOpen ? 'all_circuits_open' : lastTimedOut && attempts.length === 1 ? 'upstream_timeout' : 'upstream_error';
    const head = allOpen ? 'Every target is unavailable (circuit open)' : `All ${attempts.length} attempts failed`;
    super(code, `${head}: ${summarize(attempts)}`);
    this.name = 'AllTargetsFailedError';
    this.attempts = attempts;
  }
}
