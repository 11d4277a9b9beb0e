import type { ProviderLimits } from '../limits/provider-limits.ts';
import type { GatewayMetrics } from '../observability/gateway-metrics.ts';
import type { SecretRedactor } from '../observability/secret-redactor.ts';
import type { RoutingStats } from '../observability/routing-stats.ts';
import type { AuditStore } from './audit-store.ts';
import { buildAuditRecord, costOf, outcomeKind, type RequestFacts } from './build-audit-record.ts';

/** Where a finished request is reported: live stats, the audit log, Prometheus metrics and the provider limits, each optional. */
export type RequestSinks = {
  stats?: RoutingStats | undefined;
  audit?: AuditStore | undefined;
  metrics?: GatewayMetrics | undefined;
  limits?: ProviderLimits | undefined;
  /** Told when settling limits and spend failed (the gateway logs it as an error). Without it, the failure is thrown. */
  onSettleFailure?: ((error: unknown, requestId: string) => void) | undefined;
  /** Configured secrets out of the audit row (error messages, warnings, tags, prompts) before it is stored. */
  redactor?: SecretRedactor | undefined;
};

/**
 * Enforcement, apart from bookkeeping: the real tokens replace the rate limiter's estimate and the
 * cost goes to the month's spend, so budgets and token windows see every served call. A failure
 * here turns budgets off, so it is never swallowed: it is counted (switchyard_settle_failures_total)
 * and reported to `onSettleFailure`, or thrown when nobody listens.
 */
function settleLimits(sinks: RequestSinks, facts: RequestFacts): void {
  if (sinks.limits === undefined || facts.step === undefined || facts.usage === undefined) return;
  const { deployment } = facts.step;
  try {
    sinks.limits.settle({ memo: facts.memo, provider: deployment.provider, admittedAt: facts.at, usage: facts.usage, costUsd: costOf(deployment, facts.usage) });
  } catch (error) {
    sinks.metrics?.countSettleFailure();
    if (sinks.onSettleFailure === undefined) throw error;
    sinks.onSettleFailure(error, facts.requestId);
  }
}

/**
 * Settles the request's limits and spend (enforcement, first), then counts it in the stats and
 * appends its audit record (best effort, buffered, written off the request path).
 */
export function recordRequest(sinks: RequestSinks, facts: RequestFacts): void {
  settleLimits(sinks, facts);
  try {
    sinks.stats?.record(facts.trace.decisions, outcomeKind(facts.error), facts.latencyMs);
    if (sinks.audit !== undefined) {
      const record = buildAuditRecord(facts);
      if (sinks.redactor === undefined) sinks.audit.append(record);
      else {
        const redacted = sinks.redactor.redactDeepToJson(record);
        sinks.audit.append(redacted.value, redacted.json);
      }
    }
    sinks.metrics?.observe(facts);
  } catch (error) {
    // Bookkeeping must never fail a request that was served; enforcement above is already done.
    const message = `switchyard: request ${facts.requestId} not recorded: ${(error as Error).message}`;
    process.emitWarning(sinks.redactor === undefined ? message : sinks.redactor.redact(message));
  }
}
