import { resolveStorePath } from '../audit/open-audit-store.ts';
import type { CompiledConfig, ProviderSettings } from '../config/compiled-config.ts';
import type { PostgresConnection } from '../state/postgres-connection.ts';
import { PostgresSpendStore } from '../spend/postgres-spend-store.ts';
import type { RedisConnection } from '../state/redis-connection.ts';
import { RedisSpendStore } from '../spend/redis-spend-store.ts';
import { SqliteSpendStore } from '../spend/sqlite-spend-store.ts';
import { ProviderLimits } from './provider-limits.ts';
import { SharedRateLimiter } from './shared-rate-limiter.ts';
import type { BudgetAlert } from '../spend/spend-ledger.ts';
import type { StoreLog } from '../state/store-status.ts';

export type OpenProviderLimitsOptions = {
  now: () => number;
  providers: () => Iterable<ProviderSettings>;
  onAlert?: (alert: BudgetAlert) => void;
  /** The shared store's connection, when `store.kind` is redis (or postgres with `store.redis`). */
  redis?: RedisConnection | undefined;
  /** The database's connection, when `store.kind` is postgres. */
  postgres?: PostgresConnection | undefined;
  /** Where the postgres spend store warns (spend it could not write at shutdown). */
  log?: StoreLog | undefined;
};

/**
 * The limits service of a config, opened once at start. `store.kind`:
 * - memory: windows and the spend ledger in this process;
 * - sqlite: the spend ledger in SQLite at `store.path` (its own small table, beside the audit log);
 * - redis: rpm/tpm windows, monthly spend and "alert sent" marks in Redis, shared by every replica
 *   (each falls back to its own state while Redis is unavailable);
 * - postgres: monthly spend and "alert sent" marks in PostgreSQL, shared by every replica; the rpm/tpm
 *   windows in Redis with `store.redis`, else in this process.
 * The month follows `server.timezone`.
 */
export function openProviderLimits(config: Pick<CompiledConfig, 'file' | 'store' | 'server'>, options: OpenProviderLimitsOptions): ProviderLimits {
  const { redis, postgres, log, onAlert, ...rest } = options;
  if (config.store.kind === 'postgres') {
    if (postgres === undefined) throw new Error('store.kind postgres needs its connection');
    const store = new PostgresSpendStore(postgres, { log: log ?? { warn: () => undefined, info: () => undefined }, syncMs: config.store.syncMs });
    const claimed = onAlert && ((alert: BudgetAlert) => void store.claimAlert(alert).then((mine) => mine && onAlert(alert)));
    const rate = redis === undefined ? undefined : new SharedRateLimiter(redis, options.now);
    return new ProviderLimits({ timeZone: config.server.timezone, ...rest, onAlert: claimed, store, ...(rate === undefined ? {} : { rate }) });
  }
  if (config.store.kind === 'redis') {
    if (redis === undefined) throw new Error('store.kind redis needs its connection');
    const store = new RedisSpendStore(redis);
    // Every replica sees the crossing; the one that claims it first logs it.
    const claimed = onAlert && ((alert: BudgetAlert) => void store.claimAlert(alert).then((mine) => mine && onAlert(alert)));
    return new ProviderLimits({ timeZone: config.server.timezone, ...rest, onAlert: claimed, store, rate: new SharedRateLimiter(redis, options.now) });
  }
  const store = config.store.kind === 'sqlite' ? new SqliteSpendStore({ path: resolveStorePath(config) }) : undefined;
  return new ProviderLimits({ timeZone: config.server.timezone, ...rest, onAlert, store });
}
