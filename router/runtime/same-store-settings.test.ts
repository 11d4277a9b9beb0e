import { describe, expect, it } from 'vitest';
import type { StoreSettings } from '../config/compiled-config.ts';
import { Secret } from '../config/secret.ts';
import { sameStoreSettings } from './same-store-settings.ts';

const redis = (url: string, keyPrefix = 'switchyard:'): StoreSettings => ({ kind: 'redis', path: 'a.db', url: new Secret(url), keyPrefix, commandTimeoutMs: 100, connectTimeoutMs: 2000, syncMs: 1000 });

describe('sameStoreSettings', () => {
  it('tells a changed store from an unchanged one, comparing the secret URL by value', () => {
    expect(sameStoreSettings({ kind: 'sqlite', path: 'a.db' }, { kind: 'sqlite', path: 'a.db' })).toBe(true);
    expect(sameStoreSettings({ kind: 'sqlite', path: 'a.db' }, { kind: 'sqlite', path: 'b.db' })).toBe(false);
    expect(sameStoreSettings({ kind: 'sqlite', path: 'a.db' }, redis('redis://cache:6379'))).toBe(false);
    expect(sameStoreSettings(redis('redis://:pw@cache:6379'), redis('redis://:pw@cache:6379'))).toBe(true);
    expect(sameStoreSettings(redis('redis://:pw@cache:6379'), redis('redis://:other@cache:6379'))).toBe(false);
    expect(sameStoreSettings(redis('redis://cache:6379'), redis('redis://cache:6379', 'blue:'))).toBe(false);
  });
});
