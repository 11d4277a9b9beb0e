import type Database from 'better-sqlite3';
import { openSqliteDatabase } from '../state/open-sqlite-database.ts';
import type { SpendStore } from './spend-store.ts';

const schemaOf = (table: string) => `
CREATE TABLE IF NOT EXISTS ${table} (
  provider TEXT NOT NULL,
  month TEXT NOT NULL,
  spend_usd REAL NOT NULL,
  PRIMARY KEY (provider, month)
);
`;

type Row = { provider: string; spend_usd: number };

export type SqliteSpendStoreOptions = {
  path: string;
  /** How often buffered spend is written (default 1 s). */
  flushIntervalMs?: number;
  /** Default `spend_ledger` (provider accounts); projects and keys keep theirs in `governed_spend`. */
  table?: 'spend_ledger' | 'governed_spend';
};

/**
 * The spend ledger's table, in the same SQLite file (WAL) as the audit log but on its own
 * connection: one row per provider and month. `add` only sums into a buffer; a timer upserts the
 * buffer in one transaction every second, so the request path never waits on the disk and a crash
 * loses at most the last second of spend.
 */
export class SqliteSpendStore implements SpendStore {
  readonly kind = 'sqlite' as const;
  readonly #db: Database.Database;
  readonly #select: Database.Statement;
  readonly #writeBatch: (entries: Array<[string, number]>) => void;
  readonly #timer: NodeJS.Timeout;
  /** `month \0 provider` → USD not yet written. */
  #buffer = new Map<string, number>();
  #closed = false;

  constructor(options: SqliteSpendStoreOptions) {
    const table = options.table ?? 'spend_ledger';
    this.#db = openSqliteDatabase(options.path, schemaOf(table));
    this.#select = this.#db.prepare(`SELECT provider, spend_usd FROM ${table} WHERE month = ?`);
    const upsert = this.#db.prepare(
      `INSERT INTO ${table} (provider, month, spend_usd) VALUES (?, ?, ?)
       ON CONFLICT (provider, month) DO UPDATE SET spend_usd = spend_usd + excluded.spend_usd`,
    );
    this.#writeBatch = this.#db.transaction((entries: Array<[string, number]>) => {
      for (const [key, usd] of entries) {
        const separator = key.indexOf('\u0000');
        upsert.run(key.slice(separator + 1), key.slice(0, separator), usd);
      }
    });
    this.#timer = setInterval(() => this.flush(), options.flushIntervalMs ?? 1000);
    this.#timer.unref();
  }

  load(month: string): Map<string, number> {
    this.flush();
    const spend = new Map<string, number>();
    for (const row of this.#select.all(month) as Row[]) spend.set(row.provider, row.spend_usd);
    return spend;
  }

  add(provider: string, month: string, usd: number): void {
    if (this.#closed) return;
    const key = `${month}\u0000${provider}`;
    this.#buffer.set(key, (this.#buffer.get(key) ?? 0) + usd);
  }

  /** Writes the buffer in one transaction. Never throws: a failed write is kept for the next try. */
  flush(): void {
    if (this.#buffer.size === 0 || this.#closed) return;
    const batch = this.#buffer;
    this.#buffer = new Map();
    try {
      this.#writeBatch([...batch]);
    } catch (error) {
      for (const [key, usd] of batch) this.#buffer.set(key, (this.#buffer.get(key) ?? 0) + usd);
      process.emitWarning(`switchyard spend ledger: ${batch.size} rows not written yet: ${(error as Error).message}`);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    clearInterval(this.#timer);
    this.flush();
    this.#closed = true;
    this.#db.close();
  }
}
