import { StoreUnavailableError } from '../errors/store-unavailable-error.ts';
import type { RedisConnection } from '../state/redis-connection.ts';
import type { KeyStore } from './key-store.ts';
import type { VirtualKeyRecord } from './virtual-key.ts';

/**
 * `store.kind: redis`: one hash `<prefix>keys` (field per key id, the record as JSON) shared by
 * every replica, so a key created, rotated or revoked on one is seen by all on their next request.
 * Each replica remembers the records it read: while Redis is unavailable a key it has seen keeps
 * working as last seen (a revocation made meanwhile applies once Redis is back); an unseen key is
 * refused. Writes and listing need Redis (503 `store_unavailable` without it).
 */
export class RedisKeyStore implements KeyStore {
  readonly kind = 'redis' as const;
  readonly #connection: RedisConnection;
  readonly #lastSeen = new Map<string, VirtualKeyRecord>();

  constructor(connection: RedisConnection) {
    this.#connection = connection;
  }

  get #hash(): string {
    return this.#connection.key('keys');
  }

  async get(id: string): Promise<VirtualKeyRecord | undefined> {
    if (!this.#connection.available) return this.#lastSeen.get(id);
    try {
      const text = await this.#connection.bounded(this.#connection.client.hget(this.#hash, id));
      if (text === null) {
        this.#lastSeen.delete(id);
        return undefined;
      }
      const record = JSON.parse(text) as VirtualKeyRecord;
      this.#lastSeen.set(id, record);
      return record;
    } catch (error) {
      this.#connection.failed(error);
      return this.#lastSeen.get(id);
    }
  }

  async list(): Promise<VirtualKeyRecord[]> {
    const all = await this.#needingRedis(() => this.#connection.client.hgetall(this.#hash));
    return Object.values(all)
      .map((text) => JSON.parse(text) as VirtualKeyRecord)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  async put(record: VirtualKeyRecord): Promise<void> {
    await this.#needingRedis(() => this.#connection.client.hset(this.#hash, record.id, JSON.stringify(record)));
    this.#lastSeen.set(record.id, record);
  }

  async #needingRedis<T>(run: () => Promise<T>): Promise<T> {
    if (!this.#connection.available) throw new StoreUnavailableError('redis');
    try {
      return await this.#connection.bounded(run());
    } catch (error) {
      this.#connection.failed(error);
      throw new StoreUnavailableError('redis', error);
    }
  }

  async close(): Promise<void> {}
}
