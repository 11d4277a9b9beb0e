import { describe, expect, it } from 'vitest';
import { HealthRegistry } from './health-registry.ts';

describe('HealthRegistry circuit breaker', () => {
  it('opens after N consecutive failures, half-opens after the recovery window, closes on a good trial', () => {
    let now = 0;
    const health = new HealthRegistry({ failureThreshold: 3, recoveryMs: 1000 }, () => now);
    health.recordFailure('a', 'HTTP 500');
    health.recordFailure('a', 'HTTP 500');
    health.recordSuccess('a', 10);
    health.recordFailure('a', 'HTTP 500');
    health.recordFailure('a', 'HTTP 500');
    expect(health.acquire('a')).toBe(true);
    health.recordFailure('a', 'HTTP 500');
    expect(health.acquire('a')).toBe(false);
    expect(health.snapshot()[0]).toMatchObject({ state: 'open', retryAt: 1000, lastError: 'HTTP 500' });

    now = 1000;
    expect(health.acquire('a')).toBe(true);
    expect(health.acquire('a')).toBe(false);
    health.recordSuccess('a', 20);
    expect(health.snapshot()[0]?.state).toBe('closed');
    expect(health.acquire('a')).toBe(true);
  });

  it('reopens when the half-open trial fails, and a neutral outcome frees the trial slot', () => {
    let now = 0;
    const health = new HealthRegistry({ failureThreshold: 1, recoveryMs: 100 }, () => now);
    health.recordFailure('a', 'timeout');
    now = 100;
    expect(health.acquire('a')).toBe(true);
    health.release('a');
    expect(health.acquire('a')).toBe(true);
    health.recordFailure('a', 'timeout');
    expect(health.isAvailable('a')).toBe(false);
    expect(health.snapshot()[0]?.retryAt).toBe(200);
  });

  it('smooths latency', () => {
    const health = new HealthRegistry({ failureThreshold: 5, recoveryMs: 100 }, () => 0);
    health.recordSuccess('a', 100);
    health.recordSuccess('a', 200);
    expect(health.latencyMs('a')).toBeCloseTo(120);
    expect(health.latencyMs('unknown')).toBeUndefined();
  });
});
