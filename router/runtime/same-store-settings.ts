import type { StoreSettings } from '../config/compiled-config.ts';
import { Secret } from '../config/secret.ts';

/** Every setting of a store, URLs included as written (compared, never shown). */
function fingerprint(settings: StoreSettings): string {
  // The replacer sees a value after its toJSON ('[redacted]' for a Secret): read the holder instead.
  return JSON.stringify(settings, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return raw instanceof Secret ? `secret:${raw.reveal()}` : value;
  });
}

/**
 * Whether two configs ask for the same state store. The store is opened once at start, so a reload
 * that changes it cannot apply it; the gateway says so instead of silently keeping the old one.
 */
export function sameStoreSettings(a: StoreSettings, b: StoreSettings): boolean {
  return fingerprint(a) === fingerprint(b);
}
