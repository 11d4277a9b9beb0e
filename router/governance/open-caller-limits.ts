import { resolveStorePath } from '../audit/open-audit-store.ts';
import type { CompiledConfig } from '../config/compiled-config.ts';
import { createMonthClock } from '../limits/month-clock.ts';
import { RateLimiter } from '../limits/rate-limiter.ts';
import { SharedRateLimiter } from '../limits/shared-rate-limiter.ts';
import { SpendLedger, type BudgetAlert } from '../limits/spend-ledger.ts';
import type { RedisConnection } from '../state/redis-connection.ts';
import { RedisSpendStore } from '../state/redis-spend-store.ts';
import { SqliteSpendStore } from '../state/sqlite-spend-store.ts';
import { CallerLimits } from './caller-limits.ts';

/**
 * The key and project counters of a config, opened once at start, in the store the config names:
 * memory (this process), sqlite (a `governed_spend` table beside the audit log; windows in
 * process) or redis (windows, spend and alert claims shared by every replica).
 */
export function openCallerLimits(
  config: Pick<CompiledConfig, 'file' | 'store' | 'server'>,
  options: { now: () => number; redis?: RedisConnection | undefined; onAlert?: (alert: BudgetAlert) => void },
): CallerLimits {
  const clock = createMonthClock(config.server.timezone);
  const { now, onAlert } = options;
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
