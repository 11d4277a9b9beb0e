import { describe, expect, it } from 'vitest';
import type { ProviderSettings } from '../config/compiled-config.ts';
import { RateLimiter } from './rate-limiter.ts';
import { SlidingWindowCounter } from './sliding-window-counter.ts';

function provider(limits: ProviderSettings['limits']): ProviderSettings {
  return { name: 'acct', limits } as ProviderSettings;
}

describe('SlidingWindowCounter', () => {
  it('forgets an amount when the 60th second after its own begins', () => {
    const counter = new SlidingWindowCounter();
    counter.add(5, 1_500);
    counter.add(2, 30_000);
    expect(counter.total(60_999)).toBe(7);
    expect(counter.total(61_000)).toBe(2);
    expect(counter.total(90_000)).toBe(0);
  });

  it('clears everything after a long pause, and says how long until an amount fits', () => {
    const counter = new SlidingWindowCounter();
    counter.add(3, 0);
    counter.add(3, 10_000);
    expect(counter.waitMs(5, 1, 20_000)).toBe(40_000);
    expect(counter.waitMs(10, 1, 20_000)).toBe(0);
    expect(counter.total(10_000_000)).toBe(0);
  });

  it('admits into an empty window even what is larger than the limit', () => {
    const counter = new SlidingWindowCounter();
    expect(counter.waitMs(100, 500, 0)).toBe(0);
    counter.add(500, 0);
    expect(counter.waitMs(100, 1, 1_000)).toBe(59_000);
  });

  it('applies a correction to the second it belongs to, never below zero, and not once expired', () => {
    const counter = new SlidingWindowCounter();
    counter.add(100, 0);
    counter.add(50, 30_000);
    counter.adjust(-80, 0, 31_000);
    expect(counter.total(31_000)).toBe(70);
    counter.adjust(-1_000, 0, 31_000);
    expect(counter.total(31_000)).toBe(50);
    counter.adjust(+40, 0, 61_000);
    expect(counter.total(61_000)).toBe(50);
  });
});

describe('RateLimiter', () => {
  it('refuses the rpm+1-th call of a minute, with the wait until the oldest leaves the window', () => {
    let now = 10_000;
    const limiter = new RateLimiter(() => now);
    const account = provider({ rpm: 2 });
    expect(limiter.admit(account, 10)).toBeUndefined();
    now = 20_500;
    expect(limiter.admit(account, 10)).toBeUndefined();
    now = 40_000;
    expect(limiter.admit(account, 10)).toEqual({ reason: 'rate limit (rpm 2)', retryAfterMs: 30_000 });
    now = 69_999;
    expect(limiter.admit(account, 10)?.retryAfterMs).toBe(1);
    now = 70_000;
    expect(limiter.admit(account, 10)).toBeUndefined();
    expect(limiter.usage('acct')).toEqual({ requests: 2, tokens: 20 });
  });

  it('counts estimated tokens at admission and corrects them with the real usage', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const account = provider({ tpm: 1_000 });
    expect(limiter.admit(account, 600)).toBeUndefined();
    expect(limiter.admit(account, 600)?.reason).toBe('rate limit (tpm 1000)');
    // The first call really used 150 tokens (input + output): room for the second now.
    now = 2_000;
    limiter.correctTokens('acct', 0, 150 - 600);
    expect(limiter.usage('acct').tokens).toBe(150);
    expect(limiter.admit(account, 600)).toBeUndefined();
    // A call that used more than estimated fills the window further.
    limiter.correctTokens('acct', 2_000, 900 - 600);
    expect(limiter.usage('acct').tokens).toBe(1_050);
    expect(limiter.admit(account, 1)?.retryAfterMs).toBe(58_000);
  });

  it('leaves providers without limits alone', () => {
    const limiter = new RateLimiter(() => 0);
    for (let call = 0; call < 1000; call++) expect(limiter.admit(provider(undefined), 1_000_000)).toBeUndefined();
    expect(limiter.usage('acct')).toEqual({ requests: 0, tokens: 0 });
  });
});
