import type Database from 'better-sqlite3';
import { openSqliteDatabase } from '../state/open-sqlite-database.ts';
import type { KeyStore } from './key-store.ts';
import type { VirtualKeyRecord } from './virtual-key.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS virtual_keys (
  id TEXT PRIMARY KEY,
  project TEXT NOT NULL,
  record TEXT NOT NULL
);
`;

/** `store.kind: sqlite`: a `virtual_keys` table in the state file (WAL); written at once, keys are rare. */
export class SqliteKeyStore implements KeyStore {
  readonly kind = 'sqlite' as const;
  readonly #db: Database.Database;
  readonly #select: Database.Statement;
  readonly #selectAll: Database.Statement;
  readonly #upsert: Database.Statement;

  constructor(path: string) {
    this.#db = openSqliteDatabase(path, SCHEMA);
    this.#select = this.#db.prepare('SELECT record FROM virtual_keys WHERE id = ?');
    this.#selectAll = this.#db.prepare('SELECT record FROM virtual_keys ORDER BY rowid');
    this.#upsert = this.#db.prepare('INSERT INTO virtual_keys (id, project, record) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET project = excluded.project, record = excluded.record');
  }

  async get(id: string): Promise<VirtualKeyRecord | undefined> {
    const row = this.#select.get(id) as { record: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.record) as VirtualKeyRecord);
  }

  async list(): Promise<VirtualKeyRecord[]> {
    return (this.#selectAll.all() as Array<{ record: string }>).map((row) => JSON.parse(row.record) as VirtualKeyRecord);
  }

  async put(record: VirtualKeyRecord): Promise<void> {
    this.#upsert.run(record.id, record.project, JSON.stringify(record));
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}
