import { StoreUnavailableError } from '../errors/store-unavailable-error.ts';
import type { PostgresConnection, PreparedStatement } from '../state/postgres-connection.ts';
import type { KeyStore } from './key-store.ts';
import type { VirtualKeyRecord } from './virtual-key.ts';

const SELECT: PreparedStatement = { name: 'switchyard_key_get', text: 'SELECT record FROM virtual_keys WHERE id = $1' };
const SELECT_ALL: PreparedStatement = { name: 'switchyard_key_list', text: 'SELECT record FROM virtual_keys ORDER BY created_at, id' };
const UPSERT: PreparedStatement = {
  name: 'switchyard_key_put',
  text: `INSERT INTO virtual_keys (id, project, created_at, record) VALUES ($1, $2, to_timestamp($3 / 1000.0), $4)
ON CONFLICT (id) DO UPDATE SET project = excluded.project, record = excluded.record, updated_at = now()`,
};

/**
 * `store.kind: postgres`: the `virtual_keys` table shared by every replica, read on each request
 * (one indexed lookup by id), so a key created, rotated or revoked on one replica holds on all of
 * them from their next request. Each replica remembers the records it read: while the database is
 * unavailable a key it has seen keeps working as last seen (a revocation made meanwhile applies
 * once the database is back); an unseen key is refused. Writes need the database (503
 * `store_unavailable` without it).
 */
export class PostgresKeyStore implements KeyStore {
  readonly kind = 'postgres' as const;
  readonly #connection: PostgresConnection;
  readonly #lastSeen = new Map<string, VirtualKeyRecord>();

  constructor(connection: PostgresConnection) {
    this.#connection = connection;
  }

  async get(id: string): Promise<VirtualKeyRecord | undefined> {
    if (!this.#connection.available) return this.#lastSeen.get(id);
    let rows: Array<{ record: VirtualKeyRecord }>;
    try {
      rows = (await this.#connection.query<{ record: VirtualKeyRecord }>(SELECT, [id])).rows;
    } catch {
      // An outage is noted by the connection; either way the last known record answers.
      return this.#lastSeen.get(id);
    }
    const record = rows[0]?.record;
    if (record === undefined) this.#lastSeen.delete(id);
    else this.#lastSeen.set(id, record);
    return record;
  }

  async list(): Promise<VirtualKeyRecord[]> {
    return (await this.#needingDatabase(() => this.#connection.query<{ record: VirtualKeyRecord }>(SELECT_ALL, []))).rows.map((row) => row.record);
  }

  async put(record: VirtualKeyRecord): Promise<void> {
    await this.#needingDatabase(() => this.#connection.query(UPSERT, [record.id, record.project, record.createdAt, JSON.stringify(record)]));
    this.#lastSeen.set(record.id, record);
  }

  /** Runs a statement that needs the database: without it, 503 `store_unavailable`. */
  async #needingDatabase<T>(run: () => Promise<T>): Promise<T> {
    if (!this.#connection.available) throw new StoreUnavailableError('postgres');
    try {
      return await run();
    } catch (error) {
      if (!this.#connection.available) throw new StoreUnavailableError('postgres', error);
      throw error;
    }
  }

  async close(): Promise<void> {}
}
