import { resolveStorePath } from '../audit/open-audit-store.ts';
import type { CompiledConfig, ProviderSettings } from '../config/compiled-config.ts';
import { SqliteSpendStore } from '../state/sqlite-spend-store.ts';
import { ProviderLimits } from './provider-limits.ts';
import type { BudgetAlert } from './spend-ledger.ts';

export type OpenProviderLimitsOptions = {
  now: () => number;
  providers: () => Iterable<ProviderSettings>;
  onAlert?: (alert: BudgetAlert) => void;
};

/**
 * The limits service of a config, opened once at start: the spend ledger is kept in SQLite at
 * `store.path` (its own small table, beside the audit log) when `store.kind` is sqlite, in memory
 * otherwise. The month follows `server.timezone`.
 */
export function openProviderLimits(config: Pick<CompiledConfig, 'file' | 'store' | 'server'>, options: OpenProviderLimitsOptions): ProviderLimits {
  const store = config.store.kind === 'sqlite' ? new SqliteSpendStore({ path: resolveStorePath(config) }) : undefined;
  return new ProviderLimits({ timeZone: config.server.timezone, ...options, store });
}
