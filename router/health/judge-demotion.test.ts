import { describe, expect, it } from 'vitest';
import { HealthRegistry } from '././health-registry.ts';
import { CallWindow } from './call-window.ts';
import { judgeDemotion, type DemotionSettings } from './judge-demotion.ts';

const SETTINGS: DemotionSettings = { windowMs: 10_000, minCalls: 10, errorRate: 0.25, errorMargin: 0.15, latencyFactor: 3 };
const stats = (calls: number, failures: number, meanLatencyMs?: number) => ({ calls, failures, errorRate: calls === 0 ? 0 : failures / calls, meanLatencyMs });

describe('CallWindow', () => {
  it('counts the calls of the last window and lets old buckets go in tenths of it', () => {
    const window = new CallWindow(1_000);
    window.success(0, 100);
    window.failure(50);
    window.success(550, 300);
    expect(window.stats(600)).toEqual({ calls: 3, failures: 1, errorRate: 1 / 3, meanLatencyMs: 200 });
    // At 1,100 the bucket of 0-100 has left; the one of 500-600 is still in.
    expect(window.stats(1_100)).toEqual({ calls: 1, failures: 0, errorRate: 0, meanLatencyMs: 300 });
    expect(window.stats(1_700)).toEqual({ calls: 0, failures: 0, errorRate: 0, meanLatencyMs: undefined });
  });
});

describe('judgeDemotion', () => {
  it('demotes an error rate over the line and over the best peer by the margin', () => {
    expect(judgeDemotion(stats(10, 3), [stats(10, 0)], SETTINGS)).toBe('error rate 30 % over the last 10 s (3 of 10 calls; best peer 0 %)');
    // Peers failing alike keep their order.
    expect(judgeDemotion(stats(10, 3), [stats(10, 2)], SETTINGS)).toBeUndefined();
    // Under the line.
    expect(judgeDemotion(stats(10, 2), [stats(10, 0)], SETTINGS)).toBeUndefined();
    // Too few calls to judge; a peer with too few calls counts as healthy.
    expect(judgeDemotion(stats(9, 9), [stats(10, 0)], SETTINGS)).toBeUndefined();
    expect(judgeDemotion(stats(10, 5), [stats(2, 2)], SETTINGS)).toMatch(/^error rate 50 %.*best peer 0 %/);
  });

  it('demotes a mean latency several times its fastest judged peer', () => {
    expect(judgeDemotion(stats(10, 0, 900), [stats(10, 0, 300), stats(10, 0, 200)], SETTINGS)).toBe('mean latency 900 ms over the last 10 s, 4.5× its fastest peer\'s (200 ms)');
    expect(judgeDemotion(stats(10, 0, 500), [stats(10, 0, 200)], SETTINGS)).toBeUndefined();
    // A peer without enough calls has no mean to compare with.
    expect(judgeDemotion(stats(10, 0, 900), [stats(3, 0, 10)], SETTINGS)).toBeUndefined();
  });
});

describe('HealthRegistry demotion and breakers', () => {
  it('judges from what calls recorded; off without settings', () => {
    let now = 0;
    const health = new HealthRegistry({ failureThreshold: 100, recoveryMs: 1000, demotion: SETTINGS }, () => now);
    for (let call = 0; call < 10; call++) {
      if (call % 3 === 0) health.recordFailure('a', 'HTTP 503');
      else health.recordSuccess('a', 50);
      health.recordSuccess('b', 50);
    }
    expect(health.demotion('a', ['a', 'b'])).toMatch(/^error rate 40 %/);
    expect(health.demotion('b', ['a', 'b'])).toBeUndefined();
    now = 20_000;
    expect(health.demotion('a', ['a', 'b'])).toBeUndefined();
    const off = new HealthRegistry({ failureThreshold: 100, recoveryMs: 1000 }, () => 0);
    for (let call = 0; call < 10; call++) off.recordFailure('a', 'x');
    expect(off.demotion('a', ['a', 'b'])).toBeUndefined();
  });

  it("a deployment's own breaker opens and recovers on its own settings", () => {
    let now = 0;
    const health = new HealthRegistry({ failureThreshold: 5, recoveryMs: 1000, breakerOf: (deployment) => (deployment === 'quick' ? { failureThreshold: 1, recoveryMs: 100 } : undefined) }, () => now);
    health.recordFailure('quick', 'x');
    health.recordFailure('slow', 'x');
    expect(health.isAvailable('quick')).toBe(false);
    expect(health.isAvailable('slow')).toBe(true);
    now = 100;
    expect(health.isAvailable('quick')).toBe(true);
  });

  it('a probe opens a circuit (telling the listeners) and only a probe-opened circuit closes on a good probe', () => {
    const health = new HealthRegistry({ failureThreshold: 1, recoveryMs: 1000 }, () => 0);
    const changes: string[] = [];
    health.onChange((change) => changes.push(`${change.deployment}:${change.state}`));
    health.openByProbe('a', 'health probe: model list answered 503');
    health.openByProbe('a', 'health probe: model list answered 503');
    expect(health.isAvailable('a')).toBe(false);
    health.recordFailure('b', 'HTTP 500');
    health.closeByProbe('a');
    health.closeByProbe('b');
    expect(health.isAvailable('a')).toBe(true);
    expect(health.isAvailable('b')).toBe(false);
    expect(changes).toEqual(['a:open', 'b:open', 'a:closed']);
  });
});
