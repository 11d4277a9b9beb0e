import type { StoreSettings } from '../config/compiled-config.ts';

/**
 * Whether two configs ask for the same state store. The store is opened once at start, so a reload
 * that changes it cannot apply it; the gateway says so instead of silently keeping the old one.
 */
export function sameStoreSettings(a: StoreSettings, b: StoreSettings): boolean {
  if (a.kind !== b.kind || a.path !== b.path) return false;
  if (a.kind !== 'redis' || b.kind !== 'redis') return true;
  return (
    a.url.reveal() === b.url.reveal() &&
    a.keyPrefix === b.keyPrefix &&
    a.commandTimeoutMs === b.commandTimeoutMs &&
    a.connectTimeoutMs === b.connectTimeoutMs &&
    a.syncMs === b.syncMs
  );
}
