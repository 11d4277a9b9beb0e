import { Redis } from 'ioredis';
import type { StoreSettings } from '../config/compiled-config.ts';
import type { StoreLog, StoreStatus } from './store-status.ts';

export type { StoreLog, StoreStatus } from './store-status.ts';

type RedisSettings = Extract<StoreSettings, { kind: 'redis' }>;

/** While a connected Redis does not answer, a PING this often tells when it does again. */
const PROBE_MS = 500;
const MAX_RECONNECT_DELAY_MS = 2_000;
const CLOSED = 'connection closed';

/** The password as Redis receives it; a malformed %-escape stays as written. */
function decodePassword(password: string): string {
  try {
    return decodeURIComponent(password);
  } catch {
    return password;
  }
}

/** The URL as it may be shown: scheme, host, port and database, never user or password. */
export function describeRedisUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

/**
 * The gateway's one Redis connection and its availability. Commands never queue while Redis is
 * away (`enableOfflineQueue: false`) and each has a bounded wait (`bounded`), so a
 * request never hangs on the store: callers treat a failed command as "decide locally" and report
 * it here. ioredis reconnects on its own (capped backoff); while a connection is up but Redis does
 * not answer, a PING probe tells when it is back. One warning per outage, none with a secret.
 */
export class RedisConnection {
  readonly client: Redis;
  readonly keyPrefix: string;
  readonly settings: RedisSettings;
  readonly #log: StoreLog;
  readonly #now: () => number;
  readonly #target: string;
  readonly #secrets: string[];
  readonly #upListeners: Array<() => void> = [];
  #available = false;
  #since: number;
  #outages = 0;
  #fallbacks = 0;
  #lastError: string | undefined;
  /** A warning was logged for the outage going on (or the first connect failed). */
  #warned = false;
  #probe: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(settings: RedisSettings, options: { log: StoreLog; now: () => number }) {
    const url = settings.url.reveal();
    const parsed = new URL(url);
    this.settings = settings;
    this.keyPrefix = settings.keyPrefix;
    this.#log = options.log;
    this.#now = options.now;
    this.#since = options.now();
    this.#target = describeRedisUrl(url);
    this.#secrets = [parsed.password, decodePassword(parsed.password)].filter((secret) => secret.length > 0);
    this.client = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // The bound that counts is `bounded`'s; this one only frees commands a hung Redis never answers.
      commandTimeout: settings.commandTimeoutMs * 10 + 1_000,
      connectTimeout: settings.connectTimeoutMs,
      retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), MAX_RECONNECT_DELAY_MS),
    });
    this.client.on('ready', () => this.#markUp());
    // ioredis prints unhandled 'error' events itself; these listeners keep them in our log, scrubbed.
    this.client.on('error', (error: Error) => this.#markDown(error.message));
    this.client.on('close', () => this.#markDown(CLOSED));
  }

  /**
   * Connects, waiting at most `connect_timeout_ms`. Never throws: without Redis the gateway starts
   * on per-process state, and the client keeps reconnecting in the background.
   */
  async connect(): Promise<void> {
    if (this.#available) return;
    try {
      await this.client.connect();
    } catch (error) {
      this.#markDown((error as Error).message);
    }
  }

  get available(): boolean {
    return this.#available;
  }

  /**
   * `pending`, or a rejection once `command_timeout_ms` has passed without an answer. The timer
   * decides only after the event loop has read its sockets (setImmediate runs after the poll
   * phase), so an answer that arrived while this process was busy (a GC pause, a long synchronous
   * task) is not taken for a hung Redis.
   */
  bounded<T>(pending: Promise<T>): Promise<T> {
    const timeoutMs = this.settings.commandTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => setImmediate(() => reject(new Error(`redis command timed out after ${timeoutMs} ms`))), timeoutMs);
      pending.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /** Runs `listener` each time the store becomes available (first connect, every reconnect). */
  onAvailable(listener: () => void): void {
    this.#upListeners.push(listener);
  }

  /** A command failed or timed out: decide locally until Redis answers again. */
  failed(error: unknown): void {
    this.#markDown(error instanceof Error ? error.message : String(error));
    // A live connection to a Redis that does not answer (overloaded, paused) gets no 'ready'
    // event when it recovers: probe it.
    if (this.#probe === undefined && !this.#closed && this.client.status === 'ready') {
      this.#probe = setInterval(() => {
        this.bounded(this.client.ping()).then(
          () => this.#markUp(),
          () => undefined,
        );
      }, PROBE_MS);
      this.#probe.unref();
    }
  }

  /** Counts an admission decided on local state (for /metrics and /admin/store). */
  countFallback(): void {
    this.#fallbacks++;
  }

  status(): StoreStatus {
    return {
      kind: 'redis',
      target: this.#target,
      available: this.#available,
      since: this.#since,
      outages: this.#outages,
      fallbacks: this.#fallbacks,
      lastError: this.#lastError,
    };
  }

  /** Redis's own key for a gateway key: the prefix keeps several gateways apart on one Redis. */
  key(name: string): string {
    return this.keyPrefix + name;
  }

  #scrub(message: string): string {
    let scrubbed = message;
    for (const secret of this.#secrets) scrubbed = scrubbed.replaceAll(secret, '[redacted]');
    return scrubbed;
  }

  #markDown(reason: string): void {
    if (this.#closed) return;
    // 'close' follows the error that caused it: keep the more telling reason.
    if (!(this.#warned && reason === CLOSED)) this.#lastError = this.#scrub(reason);
    if (this.#available) {
      this.#available = false;
      this.#since = this.#now();
    }
    if (!this.#warned) {
      this.#warned = true;
      this.#outages++;
      this.#log.warn({ store: 'redis', target: this.#target, error: this.#lastError }, 'redis store unavailable: limits, spend and circuits fall back to this process until it is back');
    }
  }

  #markUp(): void {
    if (this.#probe !== undefined) {
      clearInterval(this.#probe);
      this.#probe = undefined;
    }
    if (this.#available || this.#closed) return;
    this.#available = true;
    this.#since = this.#now();
    if (this.#warned) this.#log.info({ store: 'redis', target: this.#target }, 'redis store available again: limits, spend and circuits are shared');
    this.#warned = false;
    for (const listener of this.#upListeners) listener();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#available = false;
    if (this.#probe !== undefined) clearInterval(this.#probe);
    // quit() waits for Redis; when it is gone, disconnect() is all there is.
    await Promise.race([this.client.quit().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, this.settings.commandTimeoutMs).unref())]);
    this.client.disconnect();
  }
}
