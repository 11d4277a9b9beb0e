/** Failed console logins allowed per minute, all clients together, before logins wait. */
export const MAX_FAILED_LOGINS_PER_MINUTE = 20;

/**
 * Slows guessing of the admin token through the login form: past the limit of failures in the
 * last minute, every login is refused until the oldest failure is a minute old (the admin API's
 * bearer token is not affected). Counts failures only; a right token does not reset it.
 */
export class LoginThrottle {
  readonly #failures: number[] = [];
  readonly #now: () => number;
  readonly #limit: number;

  constructor(now: () => number, limit: number = MAX_FAILED_LOGINS_PER_MINUTE) {
    this.#now = now;
    this.#limit = limit;
  }

  /** Seconds to wait before the next attempt, or 0 when one may be made now. */
  waitSeconds(): number {
    const now = this.#now();
    while (this.#failures.length > 0 && now - this.#failures[0]! >= 60_000) this.#failures.shift();
    return this.#failures.length < this.#limit ? 0 : Math.ceil((this.#failures[0]! + 60_000 - now) / 1000);
  }

  failed(): void {
    this.#failures.push(this.#now());
  }
}
