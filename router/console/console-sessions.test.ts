import { describe, expect, it } from 'vitest';
import { ConsoleSessions } from './console-sessions.ts';

describe('ConsoleSessions', () => {
  it('knows the ids it made, extends them on use and forgets them at expiry', () => {
    let now = 1_000;
    const sessions = new ConsoleSessions(() => now, 60_000);
    const id = sessions.create();
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sessions.create()).not.toBe(id);
    expect(sessions.touch(id)).toBe(true);
    now += 59_000;
    // Used within the hour: extended from now.
    expect(sessions.touch(id)).toBe(true);
    now += 59_000;
    expect(sessions.touch(id)).toBe(true);
    now += 60_000;
    expect(sessions.touch(id)).toBe(false);
    expect(sessions.touch(id)).toBe(false);
  });

  it('refuses unknown and absent ids, and a revoked one', () => {
    const sessions = new ConsoleSessions(() => 0);
    expect(sessions.touch(undefined)).toBe(false);
    expect(sessions.touch('made-up')).toBe(false);
    const id = sessions.create();
    sessions.revoke(id);
    expect(sessions.touch(id)).toBe(false);
  });

  it('holds at most 1000 logins, forgetting the least recently used', () => {
    const sessions = new ConsoleSessions(() => 0);
    const first = sessions.create();
    const second = sessions.create();
    for (let index = 0; index < 998; index++) sessions.create();
    expect(sessions.touch(first)).toBe(true);
    sessions.create();
    expect(sessions.size).toBe(1000);
    expect(sessions.touch(second)).toBe(false);
    expect(sessions.touch(first)).toBe(true);
  });
});
