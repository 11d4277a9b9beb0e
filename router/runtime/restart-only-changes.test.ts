import { describe, expect, it } from 'vitest';
import { restartOnlyChanges } from './restart-only-changes.ts';

type Scope = Parameters<typeof restartOnlyChanges>[0];

const base: Scope = {
  server: { host: '127.0.0.1', port: 4000, body_limit_bytes: 1024, timezone: 'UTC', log_level: 'info', passthrough: true },
  store: { kind: 'sqlite', path: 'a.db' },
  audit: { enabled: true, retention_days: 30, store_prompts: false },
  scorer: { timeout_ms: 50, max_queue: 256 },
};

describe('restartOnlyChanges', () => {
  it('lists the listener, store, audit store and running-scorer settings a reload cannot apply', () => {
    const next: Scope = {
      server: { ...base.server, port: 4001, log_level: 'warn' },
      store: { kind: 'sqlite', path: 'b.db' },
      audit: { ...base.audit, enabled: false },
      scorer: { ...base.scorer, timeout_ms: 80 },
    };
    expect(restartOnlyChanges(next, base, { scorerRunning: true })).toEqual(['server.port', 'server.log_level', 'store', 'audit.enabled', 'scorer.timeout_ms']);
    // Before the pool runs, the reload itself starts it with the new settings.
    expect(restartOnlyChanges(next, base, { scorerRunning: false })).not.toContain('scorer.timeout_ms');
  });

  it('is empty for what reloads live: api keys, admin token, passthrough, timezone, store_prompts', () => {
    const next: Scope = {
      ...base,
      server: { ...base.server, timezone: 'Europe/Paris', passthrough: false, admin_token: 'secret-token', api_keys: [{ key: 'abcdefgh', name: 'team' }] },
      audit: { ...base.audit, store_prompts: true },
    };
    expect(restartOnlyChanges(next, base, { scorerRunning: true })).toEqual([]);
  });
});
