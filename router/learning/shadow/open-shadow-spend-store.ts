import type { CompiledConfig } from '../../config/compiled-config.ts';
import type { PostgresConnection } from '../../state/postgres-connection.ts';
import { PostgresSpendStore } from '../../spend/postgres-spend-store.ts';
import type { RedisConnection } from '../../state/redis-connection.ts';
import { RedisSpendStore } from '../../spend/redis-spend-store.ts';
import type { SpendStore } from '../../spend/spend-store.ts';
import type { StoreLog } from '../../state/store-status.ts';

/**
 * Where shadow evaluation's daily spend is shared by every replica, so `daily_budget_usd` is one
 * budget for all: with `store.kind: redis`, hashes `<prefix>shadow-spend:<YYYY-MM-DD>` (field
 * `shadow:<router>`); with `postgres`, rows of `governed_spend` (month = the day, account
 * `shadow:<router>`), pushed and read back every `sync_ms` like the other ledgers. Memory and
 * SQLite stores have one replica: undefined, each router keeps its day in the process.
 */
export function openShadowSpendStore(
  config: Pick<CompiledConfig, 'store'>,
  options: { redis: RedisConnection | undefined; postgres: PostgresConnection | undefined; log: StoreLog },
): SpendStore | undefined {
  if (config.store.kind === 'postgres' && options.postgres !== undefined) return new PostgresSpendStore(options.postgres, { log: options.log, syncMs: config.store.syncMs, ledger: 'governed' });
  if (config.store.kind === 'redis' && options.redis !== undefined) return new RedisSpendStore(options.redis, 'shadow-spend');
  return undefined;
}
