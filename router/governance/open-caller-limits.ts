import { resolveStorePath } from '../audit/open-audit-store.ts';
import type { CompiledConfig } from '../config/compiled-config.ts';
import { createMonthClock } from '../spend/month-clock.ts';
import { RateLimiter } from '../limits/rate-limiter.ts';
import { SharedRateLimiter } from '../limits/shared-rate-limiter.ts';
import { SpendLedger, type BudgetAlert } from '../spend/spend-ledger.ts';
import type { PostgresConnection } from '../state/postgres-connection.ts';
import { PostgresSpendStore } from '../spend/postgres-spend-store.ts';
import type { RedisConnection } from '../state/redis-connection.ts';
import type { StoreLog } from '../state/store-status.ts';
import { RedisSpendStore } from '../spend/redis-spend-store.ts';
import { SqliteSpendStore } from '../spend/sqlite-spend-store.ts';
import { CallerLimits } from './caller-limits.ts';

/**
 * The key and project counters of a config, opened once at start, in the store the config names:
 * memory (this process), sqlite (a `governed_spend` table beside the audit log; windows in
 * process), redis (windows, spend and alert claims shared by every replica) or postgres (spend and
 * alert claims in the shared database's `governed_spend` and `alert_claims`; the windows in Redis
 * with `store.redis`, else in each process).
 */
export function openCallerLimits(
  config: Pick<CompiledConfig, 'file' | 'store' | 'server'>,
  options: { now: () => number; redis?: RedisConnection | undefined; postgres?: PostgresConnection | undefined; log?: StoreLog | undefined; onAlert?: (alert: BudgetAlert) => void },
): CallerLimits {
  const clock = createMonthClock(config.server.timezone);
  const { now, onAlert } = options;
  if (config.store.kind === 'postgres') {
    if (options.postgres === undefined) throw new Error('store.kind postgres needs its connection');
    const store = new PostgresSpendStore(options.postgres, { log: options.log ?? { warn: () => undefined, info: () => undefined }, syncMs: config.store.syncMs, ledger: 'governed' });
    const claimed = onAlert && ((alert: BudgetAlert) => void store.claimAlert(alert).then((mine) => mine && onAlert(alert)));
    const spend = new SpendLedger({ clock, now, store, onAlert: claimed });
    store.watch((month, totals) => spend.merge(month, totals, []));
    const rate = options.redis === undefined ? new RateLimiter(now) : new SharedRateLimiter(options.redis, now);
    return new CallerLimits({ rate, spend, store });
  }
  if (config.store.kind === 'redis') {
    if (options.redis === undefined) throw new Error('store.kind redis needs its connection');
    const store = new RedisSpendStore(options.redis, 'governed-spend');
    const claimed = onAlert && ((alert: BudgetAlert) => void store.claimAlert(alert).then((mine) => mine && onAlert(alert)));
    const spend = new SpendLedger({ clock, now, store, onAlert: claimed });
    store.watch((month, totals) => spend.merge(month, totals, []));
    return new CallerLimits({ rate: new SharedRateLimiter(options.redis, now), spend, store });
  }
  const store = config.store.kind === 'sqlite' ? new SqliteSpendStore({ path: resolveStorePath(config), table: 'governed_spend' }) : undefined;
  return new CallerLimits({ rate: new RateLimiter(now), spend: new SpendLedger({ clock, now, store, onAlert }), store });
}
