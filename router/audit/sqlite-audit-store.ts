import type Database from 'better-sqlite3';
import { openSqliteDatabase } from '../state/open-sqlite-database.ts';
import { DEFAULT_AUDIT_LIMIT, type AuditFilter, type AuditRecord } from './audit-record.ts';
import type { AuditStore } from './audit-store.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  request_id TEXT NOT NULL,
  status TEXT NOT NULL,
  http_status INTEGER NOT NULL,
  requested_model TEXT NOT NULL,
  router TEXT,
  router_path TEXT NOT NULL,
  rule TEXT,
  deployment TEXT,
  provider TEXT,
  cost_usd REAL,
  latency_ms REAL NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);
CREATE INDEX IF NOT EXISTS audit_log_router ON audit_log (router, at);
CREATE INDEX IF NOT EXISTS audit_log_request_id ON audit_log (request_id);
`;

type Row = { id: number; record: string };

export type SqliteAuditStoreOptions = {
  path: string;
  retentionDays: number;
  now: () => number;
  /** How often buffered records are written (default 100 ms). */
  flushIntervalMs?: number;
  /** A buffer this full is written at once, on the next turn of the event loop (default 256). */
  batchSize?: number;
  /** How often rows past retention are deleted (default hourly; also once at open). */
  pruneIntervalMs?: number;
};

/**
 * The durable audit log: SQLite in WAL mode (better-sqlite3). `append` only pushes to a buffer;
 * a timer writes the buffer in one transaction every ~100 ms (or as soon as it holds a batch), so
 * the request path never waits on the disk. Rows older than `retention_days` are pruned hourly.
 * Each row keeps the filterable fields as columns and the whole record as JSON.
 */
export class SqliteAuditStore implements AuditStore {
  readonly kind = 'sqlite' as const;
  readonly #db: Database.Database;
  readonly #insert: Database.Statement;
  readonly #prune: Database.Statement;
  readonly #writeBatch: (records: AuditRecord[]) => void;
  readonly #retentionMs: number;
  readonly #now: () => number;
  readonly #batchSize: number;
  readonly #timers: NodeJS.Timeout[] = [];
  #buffer: AuditRecord[] = [];
  #flushScheduled = false;
  #closed = false;

  constructor(options: SqliteAuditStoreOptions) {
    this.#db = openSqliteDatabase(options.path, SCHEMA);
    this.#insert = this.#db.prepare(
      `INSERT INTO audit_log (at, request_id, status, http_status, requested_model, router, router_path, rule, deployment, provider, cost_usd, latency_ms, record)
       VALUES (@at, @requestId, @status, @httpStatus, @requestedModel, @router, @routerPath, @rule, @deployment, @provider, @costUsd, @latencyMs, @record)`,
    );
    this.#prune = this.#db.prepare('DELETE FROM audit_log WHERE at < ?');
    this.#writeBatch = this.#db.transaction((records: AuditRecord[]) => {
      for (const record of records) {
        this.#insert.run({
          at: record.at,
          requestId: record.requestId,
          status: record.status,
          httpStatus: record.httpStatus,
          requestedModel: record.requestedModel,
          router: record.router ?? null,
          routerPath: JSON.stringify(record.routerPath),
          rule: record.rule ?? null,
          deployment: record.deployment ?? null,
          provider: record.provider ?? null,
          costUsd: record.costUsd ?? null,
          latencyMs: record.latencyMs,
          record: JSON.stringify(record),
        });
      }
    });
    this.#retentionMs = options.retentionDays * 86_400_000;
    this.#now = options.now;
    this.#batchSize = options.batchSize ?? 256;
    this.prune();
    const flushTimer = setInterval(() => this.flush(), options.flushIntervalMs ?? 100);
    const pruneTimer = setInterval(() => this.prune(), options.pruneIntervalMs ?? 3_600_000);
    flushTimer.unref();
    pruneTimer.unref();
    this.#timers.push(flushTimer, pruneTimer);
  }

  append(record: AuditRecord): void {
    if (this.#closed) return;
    this.#buffer.push(record);
    if (this.#buffer.length >= this.#batchSize && !this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes the buffer in one transaction. Never throws: a failed write is dropped with a warning. */
  flush(): void {
    this.#flushScheduled = false;
    if (this.#buffer.length === 0 || this.#closed) return;
    const batch = this.#buffer;
    this.#buffer = [];
    try {
      this.#writeBatch(batch);
    } catch (error) {
      process.emitWarning(`switchyard audit: ${batch.length} records not written: ${(error as Error).message}`);
    }
  }

  /** Deletes rows past retention; returns how many. */
  prune(): number {
    return this.#prune.run(this.#now() - this.#retentionMs).changes;
  }

  async query(filter: AuditFilter): Promise<AuditRecord[]> {
    this.flush();
    return queryAuditLog(this.#db, filter);
  }

  *scan(range: { since?: number; until?: number }): Iterable<AuditRecord> {
    this.flush();
    const rows = this.#db.prepare('SELECT id, record FROM audit_log WHERE at >= ? AND at < ? ORDER BY id').iterate(range.since ?? 0, range.until ?? Number.MAX_SAFE_INTEGER) as Iterable<Row>;
    for (const row of rows) yield { ...(JSON.parse(row.record) as AuditRecord), id: row.id };
  }

  async get(requestId: string): Promise<AuditRecord | undefined> {
    this.flush();
    const row = this.#db.prepare('SELECT id, record FROM audit_log WHERE request_id = ? AND at >= ? ORDER BY id DESC LIMIT 1').get(requestId, this.#now() - this.#retentionMs) as Row | undefined;
    return row === undefined ? undefined : { ...(JSON.parse(row.record) as AuditRecord), id: row.id };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    for (const timer of this.#timers) clearInterval(timer);
    this.flush();
    this.#closed = true;
    this.#db.close();
  }
}

/** SELECT over an audit database (the gateway's own, or one opened read-only by `audit tail`). */
export function queryAuditLog(db: Database.Database, filter: AuditFilter): AuditRecord[] {
  const where: string[] = [];
  const parameters: Array<string | number> = [];
  if (filter.router !== undefined) {
    where.push('(router = ? OR instr(router_path, ?) > 0)');
    parameters.push(filter.router, JSON.stringify(filter.router));
  }
  if (filter.rule !== undefined) {
    where.push('rule = ?');
    parameters.push(filter.rule);
  }
  if (filter.status !== undefined) {
    where.push('status = ?');
    parameters.push(filter.status);
  }
  if (filter.since !== undefined) {
    where.push('at >= ?');
    parameters.push(filter.since);
  }
  if (filter.until !== undefined) {
    where.push('at < ?');
    parameters.push(filter.until);
  }
  if (filter.afterId !== undefined) {
    where.push('id > ?');
    parameters.push(filter.afterId);
  }
  const sql = `SELECT id, record FROM audit_log ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`} ORDER BY id DESC LIMIT ?`;
  const rows = db.prepare(sql).all(...parameters, filter.limit ?? DEFAULT_AUDIT_LIMIT) as Row[];
  return rows.map((row) => ({ ...(JSON.parse(row.record) as AuditRecord), id: row.id }));
}
