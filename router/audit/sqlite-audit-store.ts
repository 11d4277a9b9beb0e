import type Database from 'better-sqlite3';
import { openSqliteDatabase } from '../state/open-sqlite-database.ts';
import { DEFAULT_AUDIT_LIMIT, type AuditFilter, type AuditRecord } from './audit-record.ts';
import type { AuditStore } from './audit-store.ts';
import { AUDIT_LOG_SCHEMA, auditRowLine, prepareAuditRowWriter } from './sqlite-audit-rows.ts';
import { SqliteAuditWriter } from './sqlite-audit-writer.ts';

type Row = { id: number; record: string };

export type SqliteAuditStoreOptions = {
  path: string;
  retentionDays: number;
  now: () => number;
  /** How often buffered records are sent to the writer thread (default 100 ms). */
  flushIntervalMs?: number;
  /** A buffer this full is sent at once, on the next turn of the event loop (default 256). */
  batchSize?: number;
  /** How often rows past retention are deleted (default hourly; also once at open). */
  pruneIntervalMs?: number;
};

/**
 * The durable audit log: SQLite in WAL mode (better-sqlite3). `append` only turns the record into
 * its row (the JSON made once) and buffers it; every ~100 ms (or as soon as a batch is full) the
 * buffer goes to a writer thread that inserts it in one transaction, so the request path never
 * waits on the disk and SQLite's work runs beside the event loop, not on it. Reads use this
 * thread's own connection after the writer has caught up, so a read sees every earlier request.
 * Rows older than `retention_days` are pruned hourly. Each row keeps the filterable fields as
 * columns and the whole record as JSON. Should the writer thread die, rows are written here.
 */
export class SqliteAuditStore implements AuditStore {
  readonly kind = 'sqlite' as const;
  readonly #db: Database.Database;
  readonly #path: string;
  /** Started with the first batch: a gateway that serves nothing (tests, `switchyard audit`) never starts the thread. */
  #writer: SqliteAuditWriter | undefined;
  #writeHere: ((batch: string) => number) | undefined;
  readonly #retentionMs: number;
  readonly #now: () => number;
  readonly #batchSize: number;
  readonly #timers: NodeJS.Timeout[] = [];
  #buffer: string[] = [];
  #flushScheduled = false;
  #closed = false;

  constructor(options: SqliteAuditStoreOptions) {
    // Opened here first: the schema exists before the writer starts, and a bad path fails at start.
    this.#db = openSqliteDatabase(options.path, AUDIT_LOG_SCHEMA);
    this.#path = options.path;
    this.#retentionMs = options.retentionDays * 86_400_000;
    this.#now = options.now;
    this.#batchSize = options.batchSize ?? 256;
    this.#pruneHere();
    const flushTimer = setInterval(() => this.#send(), options.flushIntervalMs ?? 100);
    const pruneTimer = setInterval(() => void this.prune().catch(() => undefined), options.pruneIntervalMs ?? 3_600_000);
    flushTimer.unref();
    pruneTimer.unref();
    this.#timers.push(flushTimer, pruneTimer);
  }

  append(record: AuditRecord, json?: string): void {
    if (this.#closed) return;
    this.#buffer.push(auditRowLine(record, json));
    if (this.#buffer.length >= this.#batchSize && !this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => this.#send());
    }
  }

  /** Writes the buffer and resolves once it is in the database. Never rejects: a failed write is dropped with a warning. */
  async flush(): Promise<void> {
    this.#send();
    if (this.#writer === undefined || this.#writer.failure !== undefined) return;
    await this.#writer.sync().catch(() => undefined);
  }

  /** Hands the buffer to the writer thread (or writes it here, should that thread have died). */
  #send(): void {
    this.#flushScheduled = false;
    if (this.#buffer.length === 0 || this.#closed) return;
    const rows = this.#buffer.length;
    const batch = this.#buffer.join('\n');
    this.#buffer = [];
    this.#writer ??= new SqliteAuditWriter(this.#path, warnNotWritten);
    if (this.#writer.failure === undefined) return this.#writer.write(batch, rows);
    try {
      this.#writeHere ??= prepareAuditRowWriter(this.#db);
      this.#writeHere(batch);
    } catch (error) {
      warnNotWritten(rows, (error as Error).message);
    }
  }

  /** Deletes rows past retention; resolves with how many. */
  async prune(): Promise<number> {
    if (this.#writer !== undefined && this.#writer.failure === undefined) return this.#writer.prune(this.#now() - this.#retentionMs);
    return this.#pruneHere();
  }

  #pruneHere(): number {
    return this.#db.prepare('DELETE FROM audit_log WHERE at < ?').run(this.#now() - this.#retentionMs).changes;
  }

  async query(filter: AuditFilter): Promise<AuditRecord[]> {
    await this.flush();
    return queryAuditLog(this.#db, filter);
  }

  async scan(range: { since?: number; until?: number }): Promise<AuditRecord[]> {
    await this.flush();
    const rows = this.#db.prepare('SELECT id, record FROM audit_log WHERE at >= ? AND at < ? ORDER BY id').all(range.since ?? 0, range.until ?? Number.MAX_SAFE_INTEGER) as Row[];
    return rows.map((row) => ({ ...(JSON.parse(row.record) as AuditRecord), id: row.id }));
  }

  async get(requestId: string): Promise<AuditRecord | undefined> {
    await this.flush();
    const row = this.#db.prepare('SELECT id, record FROM audit_log WHERE request_id = ? AND at >= ? ORDER BY id DESC LIMIT 1').get(requestId, this.#now() - this.#retentionMs) as Row | undefined;
    return row === undefined ? undefined : { ...(JSON.parse(row.record) as AuditRecord), id: row.id };
  }

  /** Writes what is buffered, waits for the writer thread to finish and releases the database. */
  async close(): Promise<void> {
    if (this.#closed) return;
    for (const timer of this.#timers) clearInterval(timer);
    this.#send();
    this.#closed = true;
    await this.#writer?.close().catch((error: unknown) => warnNotWritten(0, (error as Error).message));
    this.#db.close();
  }
}

function warnNotWritten(rows: number, message: string): void {
  process.emitWarning(`switchyard audit: ${rows} records not written: ${message}`);
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
