import type { StoreLog, StoreStatus } from './store-status.ts';

/** The password of a URL as written and as decoded (a malformed %-escape stays as written): what a message must never contain. */
export function secretsOfUrl(url: string): string[] {
  const password = new URL(url).password;
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // Kept as written.
  }
  return [...new Set([password, decoded])].filter((secret) => secret.length > 0);
}

export type StoreAvailabilityOptions = {
  kind: StoreStatus['kind'];
  /** The URL with its credentials: only its password is kept, to scrub messages. */
  url: string;
  /** Where it points, as it may be shown (no credentials). */
  target: string;
  log: StoreLog;
  now: () => number;
  /** The warning of an outage and the line when it is over: what this store does meanwhile. */
  messages: { down: string; up: string };
};

/**
 * Whether a shared store (Redis, PostgreSQL) is available, since when, how many outages: one
 * warning per outage and one line when it is over, every error message scrubbed of the URL's
 * password, listeners told each time it comes back. The connection decides what down and up mean
 * (a failed command, a probe that answers); this keeps the account of it.
 */
export class StoreAvailability {
  readonly #options: StoreAvailabilityOptions;
  readonly #secrets: string[];
  readonly #upListeners: Array<() => void> = [];
  #available = false;
  #since: number;
  #outages = 0;
  #lastError: string | undefined;
  /** A warning was logged for the outage going on (or the first connect failed). */
  #warned = false;
  #closed = false;

  constructor(options: StoreAvailabilityOptions) {
    this.#options = options;
    this.#secrets = secretsOfUrl(options.url);
    this.#since = options.now();
  }

  get available(): boolean {
    return this.#available;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Runs `listener` each time the store becomes available (first connect, every recovery). */
  onAvailable(listener: () => void): void {
    this.#upListeners.push(listener);
  }

  /** Replaces the password (as written and as decoded) in a message that may quote the URL. */
  scrub(message: string): string {
    let scrubbed = message;
    for (const secret of this.#secrets) scrubbed = scrubbed.replaceAll(secret, '[redacted]');
    return scrubbed;
  }

  /** The store failed. `keepEarlierReason`: a consequence (a closed socket) does not replace the cause already noted. */
  markDown(reason: string, options: { keepEarlierReason?: boolean } = {}): void {
    if (this.#closed) return;
    if (!(this.#warned && options.keepEarlierReason === true)) this.#lastError = this.scrub(reason);
    if (this.#available) {
      this.#available = false;
      this.#since = this.#options.now();
    }
    if (!this.#warned) {
      this.#warned = true;
      this.#outages++;
      this.#options.log.warn({ store: this.#options.kind, target: this.#options.target, error: this.#lastError }, this.#options.messages.down);
    }
  }

  markUp(): void {
    if (this.#available || this.#closed) return;
    this.#available = true;
    this.#since = this.#options.now();
    if (this.#warned) this.#options.log.info({ store: this.#options.kind, target: this.#options.target }, this.#options.messages.up);
    this.#warned = false;
    for (const listener of this.#upListeners) listener();
  }

  /** The shared part of `/admin/store`'s answer. */
  status(): Pick<StoreStatus, 'kind' | 'target' | 'available' | 'since' | 'outages' | 'lastError'> {
    return { kind: this.#options.kind, target: this.#options.target, available: this.#available, since: this.#since, outages: this.#outages, lastError: this.#lastError };
  }

  /** Closing is no outage: nothing is logged from now on. */
  close(): void {
    this.#closed = true;
    this.#available = false;
  }
}
