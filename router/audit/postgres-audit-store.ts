import type { PostgresConnection, PreparedStatement } from '../state/postgres-connection.ts';
import { isOutage } from '../state/postgres-connection.ts';
import type { AuditQueueStatus, StoreLog } from '../state/store-status.ts';
import { DEFAULT_AUDIT_LIMIT, type AuditFilter, type AuditRecord } from './audit-record.ts';
import type { AuditStore } from './audit-store.ts';
import { queryPostgresAuditLog } from './query-postgres-audit-log.ts';

/** One statement per batch whatever its size: the rows travel as one JSON array. */
export const AUDIT_INSERT: PreparedStatement = {
  name: 'switchyard_audit_insert',
  text: `INSERT INTO audit_log (at, replica, request_id, status, http_status, requested_model, router, router_path, rule, deployment, provider, project, caller, cost_usd, latency_ms, record)
SELECT to_timestamp((r->>'at')::float8 / 1000), $2, r->>'requestId', r->>'status', (r->>'httpStatus')::int, r->>'requestedModel', r->>'router',
       ARRAY(SELECT jsonb_array_elements_text(r->'routerPath')), r->>'rule', r->>'deployment', r->>'provider', r->>'project', r->>'caller',
       (r->>'costUsd')::float8, (r->>'latencyMs')::float8, r
FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS batch(r, position)
ORDER BY position
ON CONFLICT (request_id) DO NOTHING`,
};

/** Deletes one batch past retention; rows another replica is deleting are skipped, not waited for. */
const PRUNE: PreparedStatement = {
  name: 'switchyard_audit_prune',
  text: `DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < to_timestamp($1::float8 / 1000) LIMIT $2 FOR UPDATE SKIP LOCKED)`,
};

const GET: PreparedStatement = {
  name: 'switchyard_audit_get',
  text: `SELECT id, replica, record FROM audit_log WHERE request_id = $1 AND at >= to_timestamp($2::float8 / 1000)`,
};

const SCAN_PAGE = 5_000;
const SCAN: PreparedStatement = {
  name: 'switchyard_audit_scan',
  text: `SELECT id, replica, record FROM audit_log WHERE at >= to_timestamp($1::float8 / 1000) AND at < to_timestamp(LEAST($2::float8, 1e15) / 1000) AND id > $3 ORDER BY id LIMIT $4`,
};

/** jsonb refuses the NUL character: it becomes U+FFFD (an escaped backslash before it is kept). */
const NUL_ESCAPE = /(?<!\\)((?:\\\\)*)\\u0000/g;

export function toAuditJson(records: readonly AuditRecord[]): string {
  const text = JSON.stringify(records);
  return text.includes('\\u0000') ? text.replace(NUL_ESCAPE, '$1\\ufffd') : text;
}

export type PostgresAuditStoreOptions = {
  connection: PostgresConnection;
  retentionDays: number;
  now: () => number;
  log: StoreLog;
  /** Rows per INSERT (`store.audit_batch_size`). */
  batchSize: number;
  /** Rows held while the database is slow or away (`store.audit_queue_max`). */
  queueMax: number;
  /** How often queued rows are written (`store.audit_flush_ms`). */
  flushIntervalMs: number;
  /** How often rows past retention are deleted (default hourly; also once the store is first available). */
  pruneIntervalMs?: number;
  /** Rows per DELETE when pruning (default 5,000). */
  pruneBatchSize?: number;
};

/**
 * The audit log of every replica in one PostgreSQL table. `append` only queues, in memory bounded
 * by `audit_queue_max`: a timer writes the queue in batches (one INSERT of a JSON array each), one
 * batch in flight at a time, so the request path never waits on the database. While the database
 * is slow or away the queue holds the rows and writes them once it answers; a full queue drops new
 * rows, counted (`switchyard_audit_rows_dropped_total`) with one warning per episode. A batch
 * whose commit was not confirmed is written again: the unique request id makes that a no-op.
 * Retention deletes past-retention rows in small batches (row locks only, never a table lock).
 */
export class PostgresAuditStore implements AuditStore {
  readonly kind = 'postgres' as const;
  readonly #connection: PostgresConnection;
  readonly #log: StoreLog;
  readonly #retentionMs: number;
  readonly #now: () => number;
  readonly #batchSize: number;
  readonly #queueMax: number;
  readonly #pruneBatchSize: number;
  readonly #timers: NodeJS.Timeout[] = [];
  #queue: AuditRecord[] = [];
  #writing: Promise<void> | undefined;
  #flushScheduled = false;
  #written = 0;
  #dropped = 0;
  /** A warning was logged for the drops going on; cleared once a row fits again. */
  #droppingWarned = false;
  #pruned = false;
  #closed = false;

  constructor(options: PostgresAuditStoreOptions) {
    this.#connection = options.connection;
    this.#log = options.log;
    this.#retentionMs = options.retentionDays * 86_400_000;
    this.#now = options.now;
    this.#batchSize = options.batchSize;
    this.#queueMax = options.queueMax;
    this.#pruneBatchSize = options.pruneBatchSize ?? 5_000;
    const flushTimer = setInterval(() => void this.flush(), options.flushIntervalMs);
    const pruneTimer = setInterval(() => void this.prune().catch(() => undefined), options.pruneIntervalMs ?? 3_600_000);
    flushTimer.unref();
    pruneTimer.unref();
    this.#timers.push(flushTimer, pruneTimer);
    options.connection.onAvailable(() => {
      void this.flush();
      if (!this.#pruned) void this.prune().catch(() => undefined);
    });
    if (options.connection.available) void this.prune().catch(() => undefined);
  }

  append(record: AuditRecord): void {
    if (this.#closed) return;
    if (this.#queue.length >= this.#queueMax) {
      this.#dropped++;
      if (!this.#droppingWarned) {
        this.#droppingWarned = true;
        this.#log.warn({ store: 'postgres', queued: this.#queue.length, dropped: this.#dropped }, `audit queue full (store.audit_queue_max ${this.#queueMax}): new audit rows are dropped until the database catches up`);
      }
      return;
    }
    this.#droppingWarned = false;
    this.#queue.push(record);
    if (this.#queue.length >= this.#batchSize && !this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => void this.flush());
    }
  }

  status(): AuditQueueStatus {
    return { queued: this.#queue.length, written: this.#written, dropped: this.#dropped };
  }

  /**
   * Writes the queue, batch by batch, while the database answers. Resolves once what was queued
   * before the call is written or the database failed; never rejects. Concurrent calls share the
   * write in flight, then write what is left.
   */
  async flush(): Promise<void> {
    this.#flushScheduled = false;
    while (this.#writing !== undefined) await this.#writing;
    if (this.#queue.length === 0 || !this.#connection.available) return;
    this.#writing = this.#writeQueue().finally(() => (this.#writing = undefined));
    await this.#writing;
  }

  async #writeQueue(): Promise<void> {
    while (this.#queue.length > 0 && this.#connection.available) {
      // The batch stays at the head of the queue until written, so it counts against the bound.
      const batch = this.#queue.slice(0, this.#batchSize);
      try {
        await this.#connection.query(AUDIT_INSERT, [toAuditJson(batch), this.#connection.replica]);
        this.#queue.splice(0, batch.length);
        this.#written += batch.length;
      } catch (error) {
        if (isOutage(error)) return;
        // The database refused a row itself (an invalid value): write the rest one by one.
        this.#queue.splice(0, batch.length);
        await this.#writeOneByOne(batch, error);
      }
    }
  }

  async #writeOneByOne(batch: AuditRecord[], batchError: unknown): Promise<void> {
    let refused = 0;
    for (const [index, record] of batch.entries()) {
      try {
        await this.#connection.query(AUDIT_INSERT, [toAuditJson([record]), this.#connection.replica]);
        this.#written++;
      } catch (error) {
        if (isOutage(error)) {
          this.#queue.unshift(...batch.slice(index));
          return;
        }
        refused++;
        this.#dropped++;
      }
    }
    if (refused > 0) this.#log.warn({ store: 'postgres', dropped: refused, error: this.#connection.scrub((batchError as Error).message) }, `${refused} audit rows refused by the database and dropped`);
  }

  /** Deletes rows past retention in batches; resolves to how many. */
  async prune(): Promise<number> {
    if (!this.#connection.available) return 0;
    this.#pruned = true;
    const before = this.#now() - this.#retentionMs;
    let deleted = 0;
    for (;;) {
      const result = await this.#connection.query(PRUNE, [before, this.#pruneBatchSize]);
      deleted += result.rowCount ?? 0;
      if ((result.rowCount ?? 0) < this.#pruneBatchSize || this.#closed) return deleted;
    }
  }

  async query(filter: AuditFilter): Promise<AuditRecord[]> {
    await this.flush();
    return queryPostgresAuditLog((statement, values) => this.#connection.query(statement, values), { limit: DEFAULT_AUDIT_LIMIT, ...filter, since: Math.max(filter.since ?? 0, this.#now() - this.#retentionMs) });
  }

  /** Every row in `[since, until)` of every replica, oldest first (spend reports), read in pages of 5,000. */
  async scan(range: { since?: number; until?: number }): Promise<AuditRecord[]> {
    await this.flush();
    const found: AuditRecord[] = [];
    const since = Math.max(range.since ?? 0, this.#now() - this.#retentionMs);
    const until = range.until ?? Number.MAX_SAFE_INTEGER;
    for (let afterId = 0; ; ) {
      const page = await this.#connection.query<{ id: string; replica: string; record: AuditRecord }>(SCAN, [since, until, afterId, SCAN_PAGE]);
      for (const row of page.rows) found.push({ ...row.record, id: Number(row.id), replica: row.replica });
      if (page.rows.length < SCAN_PAGE) return found.sort((a, b) => a.at - b.at);
      afterId = Number(page.rows[page.rows.length - 1]!.id);
    }
  }

  async get(requestId: string): Promise<AuditRecord | undefined> {
    await this.flush();
    const result = await this.#connection.query<{ id: string; replica: string; record: AuditRecord }>(GET, [requestId, this.#now() - this.#retentionMs]);
    const row = result.rows[0];
    return row === undefined ? undefined : { ...row.record, id: Number(row.id), replica: row.replica };
  }

  /** Writes what is queued (waiting at most one statement timeout per batch while the database answers). */
  async close(): Promise<void> {
    if (this.#closed) return;
    for (const timer of this.#timers) clearInterval(timer);
    await this.flush();
    this.#closed = true;
    if (this.#queue.length > 0) this.#log.warn({ store: 'postgres', lost: this.#queue.length }, `${this.#queue.length} audit rows not written at shutdown: the database was unavailable`);
  }
}
