import { describe, expect, it } from 'vitest';
import { CachedWindowSummaries } from './cached-window-summaries.ts';
import { LoginThrottle } from './login-throttle.ts';
import { summarizeWindow, type WindowSummary } from './summarize-window.ts';

describe('CachedWindowSummaries', () => {
  it('computes a window once per reuse period, once at a time, and retries after a failure', async () => {
    let now = 0;
    const loads: Array<[string, number]> = [];
    let fail = false;
    const cache = new CachedWindowSummaries(async (window, until) => {
      loads.push([window, until]);
      if (fail) throw new Error('store away');
      return summarizeWindow([], window, until);
    }, () => now);
    const [first, second] = await Promise.all([cache.get('5m'), cache.get('5m')]);
    expect(first).toBe(second);
    now += 1_999;
    expect(await cache.get('5m')).toBe(first);
    expect(loads).toEqual([['5m', 1]]);
    now += 1;
    const third: WindowSummary = await cache.get('5m');
    expect(third).not.toBe(first);
    // Each window apart; a day's is reused for a minute.
    await cache.get('24h');
    now += 59_000;
    await cache.get('24h');
    expect(loads.map(([window]) => window)).toEqual(['5m', '5m', '24h']);
    fail = true;
    now += 10_000;
    await expect(cache.get('5m')).rejects.toThrow('store away');
    fail = false;
    await expect(cache.get('5m')).resolves.toMatchObject({ window: '5m' });
  });
});

describe('LoginThrottle', () => {
  it('lets logins through until the limit of failures in a minute, then says how long to wait', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now, 3);
    for (let index = 0; index < 3; index++) {
      expect(throttle.waitSeconds()).toBe(0);
      throttle.failed();
      now += 10_000;
    }
    expect(throttle.waitSeconds()).toBe(30);
    now += 29_000;
    expect(throttle.waitSeconds()).toBe(1);
    now += 1_000;
    expect(throttle.waitSeconds()).toBe(0);
  });
});
