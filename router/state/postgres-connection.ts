import { hostname } from 'node:os';
import pg from 'pg';
import type { PostgresStoreSettings } from '../config/compiled-config.ts';
import { runPostgresMigrations } from './run-postgres-migrations.ts';
import { StoreAvailability } from './store-availability.ts';
import type { StoreLog, StoreStatus } from './store-status.ts';

export { secretsOfUrl } from './store-availability.ts';

/** A named statement: PostgreSQL parses and plans it once per connection. */
export type PreparedStatement = { name: string; text: string };

/** While the database is away, a probe this often (doubling up to the cap) tells when it is back. */
const PROBE_MS = 250;
const MAX_PROBE_MS = 2_000;

/** The URL as it may be shown: scheme, host, port and database, never user or password. */
export function describePostgresUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/** The replica's default name: this machine and process. */
export function defaultReplicaName(): string {
  return `${hostname()}-${process.pid}`;
}

/**
 * A failure of the database or the way to it (refused, reset, timed out, shutting down, out of
 * connections), as opposed to a statement the database refused (a bad value): only the former is
 * an outage, worth waiting out and retrying.
 */
export function isOutage(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return /^(08|53|57|58)/.test(code);
}

/**
 * The gateway's PostgreSQL pool and its availability. At start it migrates the schema (under an
 * advisory lock, so replicas starting together take turns) within `connect_timeout_ms`; without
 * the database the gateway starts all the same, and a probe retries until it answers. Every
 * statement has a bounded wait (`query_timeout_ms`); callers buffer what they could not write and
 * report the failure here. One warning per outage, none with a secret.
 */
export class PostgresConnection {
  readonly pool: pg.Pool;
  readonly settings: PostgresStoreSettings;
  /** This replica's name, written with every audit row. */
  readonly replica: string;
  readonly #log: StoreLog;
  readonly #target: string;
  readonly #availability: StoreAvailability;
  #schemaVersion = 0;
  #probe: NodeJS.Timeout | undefined;
  #probeMs = PROBE_MS;

  constructor(settings: PostgresStoreSettings, options: { log: StoreLog; now: () => number }) {
    const url = settings.url.reveal();
    this.settings = settings;
    this.replica = settings.replica ?? defaultReplicaName();
    this.#log = options.log;
    this.#target = describePostgresUrl(url);
    this.#availability = new StoreAvailability({
      kind: 'postgres',
      url,
      target: this.#target,
      log: options.log,
      now: options.now,
      messages: {
        down: 'postgres store unavailable: audit rows and spend are buffered in this process until it is back',
        up: 'postgres store available again: writing what was buffered',
      },
    });
    this.pool = new pg.Pool({
      connectionString: url,
      max: settings.poolSize,
      connectionTimeoutMillis: settings.connectTimeoutMs,
      query_timeout: settings.queryTimeoutMs,
      statement_timeout: settings.queryTimeoutMs,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      application_name: `switchyard ${this.replica}`.slice(0, 63),
    });
    // An idle connection the server dropped: without a listener, pg's 'error' would end the process.
    this.pool.on('error', (error) => this.failed(error));
  }

  /**
   * Migrates and marks the store available, waiting at most `connect_timeout_ms` for the database
   * (the advisory lock may take longer while another replica migrates). Never throws: without the
   * database the gateway starts, and the probe keeps trying.
   */
  async connect(): Promise<void> {
    if (this.available) return;
    try {
      await this.#migrate();
      this.#availability.markUp();
    } catch (error) {
      this.failed(error);
    }
  }

  async #migrate(): Promise<void> {
    // Its own connection without statement timeouts: building an index may take a while.
    const client = new pg.Client({ connectionString: this.settings.url.reveal(), connectionTimeoutMillis: this.settings.connectTimeoutMs, application_name: 'switchyard migrate' });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const outcome = await runPostgresMigrations(client);
      this.#schemaVersion = outcome.version;
      if (outcome.applied.length > 0) this.#log.info({ store: 'postgres', target: this.#target, applied: outcome.applied, version: outcome.version }, 'postgres store migrated');
      if (outcome.ahead) this.#log.warn({ store: 'postgres', target: this.#target, version: outcome.version }, 'postgres schema is newer than this release (a newer replica migrated it); continuing, as every step is additive');
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  get available(): boolean {
    return this.#availability.available;
  }

  /** Runs a named statement on a pooled connection; an outage is reported here before the error is rethrown. */
  async query<Row extends pg.QueryResultRow>(statement: PreparedStatement, values: unknown[]): Promise<pg.QueryResult<Row>> {
    try {
      return await this.pool.query<Row>({ name: statement.name, text: statement.text, values });
    } catch (error) {
      if (isOutage(error)) this.failed(error);
      throw error;
    }
  }

  /** Runs `listener` each time the store becomes available (first connect, every recovery). */
  onAvailable(listener: () => void): void {
    this.#availability.onAvailable(listener);
  }

  /** A statement or connection failed: buffer until the probe finds the database again. */
  failed(error: unknown): void {
    this.#availability.markDown(error instanceof Error ? error.message || error.constructor.name : String(error));
    if (this.#probe === undefined && !this.#availability.closed) this.#scheduleProbe();
  }

  #scheduleProbe(): void {
    this.#probe = setTimeout(() => {
      this.#probe = undefined;
      const attempt = this.#schemaVersion === 0 ? this.#migrate() : this.pool.query('SELECT 1').then(() => undefined);
      attempt.then(
        () => {
          this.#probeMs = PROBE_MS;
          this.#availability.markUp();
        },
        (error: unknown) => {
          if (this.#availability.closed) return;
          this.#availability.markDown(error instanceof Error ? error.message : String(error));
          this.#probeMs = Math.min(this.#probeMs * 2, MAX_PROBE_MS);
          this.#scheduleProbe();
        },
      );
    }, this.#probeMs);
    this.#probe.unref();
  }

  status(): StoreStatus {
    return { ...this.#availability.status(), fallbacks: 0, schemaVersion: this.#schemaVersion };
  }

  /** Replaces the password (as written and as decoded) in a message that may quote the URL. */
  scrub(message: string): string {
    return this.#availability.scrub(message);
  }

  async close(): Promise<void> {
    if (this.#availability.closed) return;
    this.#availability.close();
    if (this.#probe !== undefined) clearTimeout(this.#probe);
    await Promise.race([this.pool.end().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, this.settings.queryTimeoutMs).unref())]);
  }
}
