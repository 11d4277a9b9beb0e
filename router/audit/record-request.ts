import type { ProviderLimits } from '../limits/provider-limits.ts';
import type { GatewayMetrics } from '../observability/gateway-metrics.ts';
import type { RoutingStats } from '../stats/routing-stats.ts';
import type { AuditStore } from './audit-store.ts';
import { buildAuditRecord, costOf, outcomeKind, type RequestFacts } from './build-audit-record.ts';

/** Where a finished request is reported: live stats, the audit log, Prometheus metrics and the provider limits, each optional. */
export type RequestSinks = { stats?: RoutingStats | undefined; audit?: AuditStore | undefined; metrics?: GatewayMetrics | undefined; limits?: ProviderLimits | undefined };

/** Counts the request in the stats and appends its audit record (buffered; written later, off the request path). */
export function recordRequest(sinks: RequestSinks, facts: RequestFacts): void {
  try {
    sinks.stats?.record(facts.trace.decisions, outcomeKind(facts.error), facts.latencyMs);
    sinks.audit?.append(buildAuditRecord(facts));
    sinks.metrics?.observe(facts);
    // Real tokens replace the rate limiter's estimate; the cost goes to the month's spend.
    if (sinks.limits !== undefined && facts.step !== undefined && facts.usage !== undefined) {
      const { deployment } = facts.step;
      sinks.limits.settle({ request: facts.request, provider: deployment.provider, admittedAt: facts.at, usage: facts.usage, costUsd: costOf(deployment, facts.usage) });
    }
  } catch (error) {
    // Bookkeeping must never fail a request that was served.
    process.emitWarning(`switchyard: request ${facts.requestId} not recorded: ${(error as Error).message}`);
  }
}
