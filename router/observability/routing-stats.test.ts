import { describe, expect, it } from 'vitest';
import { LatencyWindow } from './latency-window.ts';
import { RoutingStats } from './routing-stats.ts';

describe('routing stats', () => {
  it('counts per router and per rule, with success and error rates and p50 latency', () => {
    const stats = new RoutingStats(1000);
    const viaRule = [{ router: 'auto', strategy: 'rules', targets: ['premium'], rule: 'high' }, { router: 'premium', strategy: 'failover', targets: ['a', 'b'] }];
    stats.record(viaRule, 'success', 10);
    stats.record(viaRule, 'success', 30);
    stats.record(viaRule, 'error', 20);
    stats.record([{ router: 'auto', strategy: 'rules', targets: ['smart'] }], 'rejected', 5);
    const snapshot = stats.snapshot();
    expect(snapshot.since).toBe(1000);
    expect(snapshot.routers).toEqual([
      { router: 'auto', strategy: 'rules', matches: 4, successes: 2, rejected: 1, errors: 1, success_rate: 0.5, error_rate: 0.25, p50_latency_ms: 10 },
      { router: 'premium', strategy: 'failover', matches: 3, successes: 2, rejected: 0, errors: 1, success_rate: 2 / 3, error_rate: 1 / 3, p50_latency_ms: 20 },
    ]);
    expect(snapshot.rules).toEqual([
      { router: 'auto', rule: 'high', matches: 3, successes: 2, rejected: 0, errors: 1, success_rate: 2 / 3, error_rate: 1 / 3, p50_latency_ms: 20 },
      { router: 'auto', rule: '(default)', matches: 1, successes: 0, rejected: 1, errors: 0, success_rate: 0, error_rate: 0, p50_latency_ms: 5 },
    ]);
  });

  it('keeps the latency window bounded', () => {
    const window = new LatencyWindow(4);
    expect(window.quantile(0.5)).toBeUndefined();
    for (const ms of [1000, 1000, 1000, 1000, 1, 2, 3]) window.record(ms);
    expect(window.quantile(0.5)).toBe(2);
    expect(window.quantile(1)).toBe(1000);
  });
});
