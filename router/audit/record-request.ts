import type { GatewayMetrics } from '../observability/gateway-metrics.ts';
import type { RoutingStats } from '../stats/routing-stats.ts';
import type { AuditStore } from './audit-store.ts';
import { buildAuditRecord, outcomeKind, type RequestFacts } from './build-audit-record.ts';

/** Where a finished request is reported: live stats, the audit log and Prometheus metrics, each optional. */
export type RequestSinks = { stats?: RoutingStats | undefined; audit?: AuditStore | undefined; metrics?: GatewayMetrics | undefined };

/** Counts the request in the stats and appends its audit record (buffered; written later, off the request path). */
export function recordRequest(sinks: RequestSinks, facts: RequestFacts): void {
  try {
    sinks.stats?.record(facts.trace.decisions, outcomeKind(facts.error), facts.latencyMs);
    sinks.audit?.append(buildAuditRecord(facts));
    sinks.metrics?.observe(facts);
  } catch (error) {
    // Bookkeeping must never fail a request that was served.
    process.emitWarning(`switchyard: request ${facts.requestId} not recorded: ${(error as Error).message}`);
  }
}
