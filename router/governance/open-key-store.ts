import { resolveStorePath } from '../audit/open-audit-store.ts';
import type { CompiledConfig } from '../config/compiled-config.ts';
import type { PostgresConnection } from '../state/postgres-connection.ts';
import type { RedisConnection } from '../state/redis-connection.ts';
import type { KeyStore } from './key-store.ts';
import { MemoryKeyStore } from './memory-key-store.ts';
import { PostgresKeyStore } from './postgres-key-store.ts';
import { RedisKeyStore } from './redis-key-store.ts';
import { SqliteKeyStore } from './sqlite-key-store.ts';

/** The virtual-key store of `store.kind`: memory, sqlite (at `store.path`), or redis or postgres (shared by every replica). */
export function openKeyStore(config: Pick<CompiledConfig, 'file' | 'store'>, connections: { redis?: RedisConnection | undefined; postgres?: PostgresConnection | undefined }): KeyStore {
  const { redis, postgres } = connections;
  if (config.store.kind === 'postgres') {
    if (postgres === undefined) throw new Error('store.kind postgres needs its connection');
    return new PostgresKeyStore(postgres);
  }
  if (config.store.kind === 'redis') {
    if (redis === undefined) throw new Error('store.kind redis needs its connection');
    return new RedisKeyStore(redis);
  }
  if (config.store.kind === 'sqlite') return new SqliteKeyStore(resolveStorePath(config));
  return new MemoryKeyStore();
}
