import type { CompiledConfig } from '../config/compiled-config.ts';
import { sameStoreSettings } from './same-store-settings.ts';

type RestartScope = Pick<CompiledConfig, 'server' | 'store' | 'audit' | 'scorer'>;

/**
 * The settings a reload changed that only apply after a restart: the listener (`server.host`,
 * `port`, `log_level`, `body_limit_bytes`), the state store, the audit store (`audit.enabled`,
 * `retention_days`; `store_prompts` is read per request) and, once the pool runs, `scorer.*`.
 * Everything else swaps in live. The gateway logs these instead of silently keeping the old ones.
 */
export function restartOnlyChanges(next: RestartScope, current: RestartScope, options: { scorerRunning: boolean }): string[] {
  const changed: string[] = [];
  for (const key of ['host', 'port', 'log_level', 'body_limit_bytes'] as const) {
    if (next.server[key] !== current.server[key]) changed.push(`server.${key}`);
  }
  if (!sameStoreSettings(next.store, current.store)) changed.push('store');
  for (const key of ['enabled', 'retention_days'] as const) {
    if (next.audit[key] !== current.audit[key]) changed.push(`audit.${key}`);
  }
  if (options.scorerRunning) {
    for (const key of ['pool_size', 'timeout_ms', 'max_queue'] as const) {
      if (next.scorer[key] !== current.scorer[key]) changed.push(`scorer.${key}`);
    }
  }
  return changed;
}
