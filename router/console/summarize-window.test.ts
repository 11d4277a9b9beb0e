import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../audit/audit-record.ts';
import { summarizeWindow } from './summarize-window.ts';

const UNTIL = 10 * 60_000;

function record(at: number, status: AuditRecord['status'], latencyMs: number, extra: Partial<AuditRecord> = {}): AuditRecord {
  return {
    at,
    requestId: `r${at}`,
    status,
    httpStatus: status === 'success' ? 200 : status === 'rejected' ? 400 : 502,
    requestedModel: 'auto',
    router: 'auto',
    routerPath: ['auto'],
    decisions: [{ router: 'auto', strategy: 'rules', targets: ['a'], ...(extra.rule === undefined ? {} : { rule: extra.rule }) }],
    attempts: [],
    latencyMs,
    stream: false,
    clientFormat: 'openai-chat',
    ...extra,
  };
}

describe('summarizeWindow', () => {
  it('counts routers and rules inside the window only, with latency quantiles and cost', () => {
    const records = [
      record(UNTIL - 6 * 60_000, 'success', 999, { rule: 'old' }), // before the 5-minute window
      record(UNTIL - 4 * 60_000, 'success', 100, { rule: 'long', costUsd: 0.5 }),
      record(UNTIL - 3 * 60_000, 'success', 300, { rule: 'long', costUsd: 0.25 }),
      record(UNTIL - 2 * 60_000, 'error', 200),
      record(UNTIL - 1 * 60_000, 'rejected', 50),
    ];
    const summary = summarizeWindow(records, '5m', UNTIL);
    expect(summary.since).toBe(UNTIL - 5 * 60_000);
    expect(summary.routers).toEqual([
      { router: 'auto', strategy: 'rules', matches: 4, successes: 2, rejected: 1, errors: 1, error_rate: 0.25, p50_latency_ms: 200, p95_latency_ms: 300, cost_usd: 0.75 },
    ]);
    expect(summary.rules.map((row) => [row.rule, row.matches])).toEqual([
      ['long', 2],
      ['(default)', 2],
    ]);
    expect(summary.requests.success.reduce((sum, value) => sum + value, 0)).toBe(2);
    expect(summary.requests.error.reduce((sum, value) => sum + value, 0)).toBe(1);
    expect(summary.requests.rejected).toHaveLength(30);
  });

  it('buckets each deployment\u2019s upstream calls: calls, failures, mean latency; skipped targets are not calls', () => {
    const bucketMs = (60 * 60_000) / 30;
    const records = [
      record(UNTIL - 60 * 60_000 + 1, 'success', 0, {
        attempts: [
          { deployment: 'a', provider: 'p', outcome: 'failed', reason: 'HTTP 500', durationMs: 40 },
          { deployment: 'b', provider: 'p', outcome: 'success', durationMs: 100 },
        ],
      }),
      record(UNTIL - 60 * 60_000 + 2, 'success', 0, { attempts: [{ deployment: 'a', provider: 'p', outcome: 'success', durationMs: 20 }] }),
      record(UNTIL - 1, 'error', 0, { attempts: [{ deployment: 'b', provider: 'p', outcome: 'skipped', reason: 'circuit open', durationMs: 0 }] }),
    ];
    const summary = summarizeWindow(records, '1h', UNTIL);
    expect(summary.bucket_ms).toBe(bucketMs);
    const a = summary.deployments.find((entry) => entry.deployment === 'a')!;
    expect(a.calls[0]).toBe(2);
    expect(a.failures[0]).toBe(1);
    expect(a.mean_latency_ms[0]).toBe(30);
    expect(a.mean_latency_ms[1]).toBeNull();
    const b = summary.deployments.find((entry) => entry.deployment === 'b')!;
    expect(b.calls.reduce((sum, value) => sum + value, 0)).toBe(1);
    expect(summary.requests.error[29]).toBe(1);
  });

  it('refuses a window it does not know', () => {
    expect(() => summarizeWindow([], '7d', UNTIL)).toThrow("unknown window '7d'");
  });
});
