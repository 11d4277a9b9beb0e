import { Redis } from 'ioredis';
import type { StoreSettings } from '../config/compiled-config.ts';
import { StoreAvailability } from './store-availability.ts';
import type { StoreLog, StoreStatus } from './store-status.ts';

export type { StoreLog, StoreStatus } from './store-status.ts';

type RedisSettings = Extract<StoreSettings, { kind: 'redis' }>;

/** While a connected Redis does not answer, a PING this often tells when it does again. */
const PROBE_MS = 500;
const MAX_RECONNECT_DELAY_MS = 2_000;
const CLOSED = 'connection closed';

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
  readonly #availability: StoreAvailability;
  #fallbacks = 0;
  #probe: NodeJS.Timeout | undefined;

  constructor(settings: RedisSettings, options: { log: StoreLog; now: () => number }) {
    const url = settings.url.reveal();
    this.settings = settings;
    this.keyPrefix = settings.keyPrefix;
    this.#availability = new StoreAvailability({
      kind: 'redis',
      url,
      target: describeRedisUrl(url),
      log: options.log,
      now: options.now,
      messages: {
        down: 'redis store unavailable: limits, spend and circuits fall back to this process until it is back',
        up: 'redis store available again: limits, spend and circuits are shared',
      },
    });
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
    this.client.on('error', (error: Error) => this.#availability.markDown(error.message));
    // 'close' follows the error that caused it: keep the more telling reason.
    this.client.on('close', () => this.#availability.markDown(CLOSED, { keepEarlierReason: true }));
  }

  /**
   * Connects, waiting at most `connect_timeout_ms`. Never throws: without Redis the gateway starts
   * on per-process state, and the client keeps reconnecting in the background.
   */
  async connect(): Promise<void> {
    if (this.available) return;
    try {
      await this.client.connect();
    } catch (error) {
      this.#availability.markDown((error as Error).message);
    }
  }

  get available(): boolean {
    return this.#availability.available;
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
    this.#availability.onAvailable(listener);
  }

  /** A command failed or timed out: decide locally until Redis answers again. */
  failed(error: unknown): void {
    this.#availability.markDown(error instanceof Error ? error.message : String(error));
    // A live connection to a Redis that does not answer (overloaded, paused) gets no 'ready'
    // event when it recovers: probe it.
    if (this.#probe === undefined && !this.#availability.closed && this.client.status === 'ready') {
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
    return { ...this.#availability.status(), fallbacks: this.#fallbacks };
  }

  /** Redis's own key for a gateway key: the prefix keeps several gateways apart on one Redis. */
  key(name: string): string {
    return this.keyPrefix + name;
  }

  #markUp(): void {
    if (this.#probe !== undefined) {
      clearInterval(this.#probe);
      this.#probe = undefined;
    }
    this.#availability.markUp();
  }

  async close(): Promise<void> {
    if (this.#availability.closed) return;
    this.#availability.close();
    if (this.#probe !== undefined) clearInterval(this.#probe);
    // quit() waits for Redis; when it is gone, disconnect() is all there is.
    await Promise.race([this.client.quit().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, this.settings.commandTimeoutMs).unref())]);
    this.client.disconnect();
  }
}
