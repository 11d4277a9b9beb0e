import type { AuditRecord } from '../audit/audit-record.ts';
import { decisionRule } from '../observability/routing-stats.ts';

/** The console's stats windows, by their name in `?window=`. */
export const CONSOLE_WINDOWS: Readonly<Record<string, number>> = { '5m': 5 * 60_000, '1h': 60 * 60_000, '24h': 24 * 60 * 60_000 };
/** Buckets per window in the charts. */
const BUCKETS = 30;

type Tally = { matches: number; successes: number; rejected: number; errors: number; costUsd: number; latencies: number[] };

export type WindowRow = {
  matches: number;
  successes: number;
  rejected: number;
  errors: number;
  error_rate: number | null;
  p50_latency_ms: number | null;
  p95_latency_ms: number | null;
  cost_usd: number;
};

/** Per deployment, the upstream calls in each bucket: calls, failures, mean latency. */
export type DeploymentSeries = { deployment: string; provider: string; calls: number[]; failures: number[]; mean_latency_ms: Array<number | null> };

export type WindowSummary = {
  window: string;
  since: number;
  until: number;
  bucket_ms: number;
  routers: Array<{ router: string; strategy: string } & WindowRow>;
  rules: Array<{ router: string; rule: string } & WindowRow>;
  /** Requests per bucket by how they ended. */
  requests: { success: number[]; rejected: number[]; error: number[] };
  deployments: DeploymentSeries[];
};

function newTally(): Tally {
  return { matches: 0, successes: 0, rejected: 0, errors: 0, costUsd: 0, latencies: [] };
}

function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? null;
}

function toRow(tally: Tally): WindowRow {
  const sorted = [...tally.latencies].sort((a, b) => a - b);
  return {
    matches: tally.matches,
    successes: tally.successes,
    rejected: tally.rejected,
    errors: tally.errors,
    error_rate: tally.matches === 0 ? null : tally.errors / tally.matches,
    p50_latency_ms: quantile(sorted, 0.5),
    p95_latency_ms: quantile(sorted, 0.95),
    cost_usd: tally.costUsd,
  };
}

function count(tally: Tally, record: AuditRecord): void {
  tally.matches++;
  if (record.status === 'success') tally.successes++;
  else if (record.status === 'rejected') tally.rejected++;
  else tally.errors++;
  tally.costUsd += record.costUsd ?? 0;
  tally.latencies.push(record.latencyMs);
}

/**
 * Routers, rules and deployments over one window of the audit log (so the figures survive a
 * restart, and with postgres cover every replica): per router and rule the requests, how they
 * ended, p50/p95 latency and cost; per bucket the requests and each deployment's upstream calls.
 */
export function summarizeWindow(records: Iterable<AuditRecord>, window: string, until: number): WindowSummary {
  const span = CONSOLE_WINDOWS[window];
  if (span === undefined) throw new Error(`unknown window '${window}'`);
  const since = until - span;
  const bucketMs = span / BUCKETS;
  const bucketOf = (at: number) => Math.min(BUCKETS - 1, Math.max(0, Math.floor((at - since) / bucketMs)));
  const zeros = () => new Array<number>(BUCKETS).fill(0);
  const routers = new Map<string, { strategy: string; tally: Tally }>();
  const rules = new Map<string, { router: string; rule: string; tally: Tally }>();
  const requests = { success: zeros(), rejected: zeros(), error: zeros() };
  const deployments = new Map<string, { provider: string; calls: number[]; failures: number[]; latencySum: number[] }>();

  for (const record of records) {
    if (record.at < since || record.at >= until) continue;
    const bucket = bucketOf(record.at);
    requests[record.status][bucket]!++;
    for (const decision of record.decisions) {
      let router = routers.get(decision.router);
      if (router === undefined) routers.set(decision.router, (router = { strategy: decision.strategy, tally: newTally() }));
      count(router.tally, record);
      const rule = decisionRule(decision);
      if (rule === undefined) continue;
      const key = `${decision.router}\u0000${rule}`;
      let entry = rules.get(key);
      if (entry === undefined) rules.set(key, (entry = { router: decision.router, rule, tally: newTally() }));
      count(entry.tally, record);
    }
    for (const attempt of record.attempts) {
      if (attempt.outcome === 'skipped') continue;
      let series = deployments.get(attempt.deployment);
      if (series === undefined) deployments.set(attempt.deployment, (series = { provider: attempt.provider, calls: zeros(), failures: zeros(), latencySum: zeros() }));
      series.calls[bucket]!++;
      if (attempt.outcome === 'failed') series.failures[bucket]!++;
      series.latencySum[bucket]! += attempt.durationMs;
    }
  }

  return {
    window,
    since,
    until,
    bucket_ms: bucketMs,
    routers: [...routers].map(([router, entry]) => ({ router, strategy: entry.strategy, ...toRow(entry.tally) })),
    rules: [...rules.values()].map((entry) => ({ router: entry.router, rule: entry.rule, ...toRow(entry.tally) })),
    requests,
    deployments: [...deployments].map(([deployment, series]) => ({
      deployment,
      provider: series.provider,
      calls: series.calls,
      failures: series.failures,
      mean_latency_ms: series.calls.map((calls, index) => (calls === 0 ? null : Math.round((series.latencySum[index] ?? 0) / calls))),
    })),
  };
}
