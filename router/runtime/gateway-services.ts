import type { AuditStore } from '../audit/audit-store.ts';
import type { ExecutionEnvironment } from '../pipeline/execute-plan.ts';
import type { GatewayMetrics } from '../observability/gateway-metrics.ts';
import type { RoutingStats } from '../observability/routing-stats.ts';
import type { HealthRegistry } from '../health/health-registry.ts';
import type { ProviderLimits } from '../limits/provider-limits.ts';
import type { ScorerClient } from '../scoring/scorer-client.ts';
import type { StoreStatus } from '../state/store-status.ts';
import type { RuntimeHolder } from './runtime-holder.ts';
import type { CallerLimits } from '../governance/caller-limits.ts';
import type { VirtualKeys } from '../governance/virtual-keys.ts';
import type { AlertSender } from '../governance/alert-sender.ts';
import type { SecretRedactor } from '../observability/secret-redactor.ts';
import type { ResponseAffinity } from '../state/response-affinity.ts';
import type { LabelStore } from '../learning/labels/label-store.ts';
import type { ShadowRunner } from '../learning/shadow/shadow-runner.ts';
import type { ProviderProbes } from '../health/probe-providers.ts';
import type { RequestTracer } from '../observability/request-tracing.ts';
import type { LearnedRouters } from '../learning/learned-routers.ts';
import type { RollbackMonitor } from '../learning/rollback-monitor.ts';
import type { RollbackChecks } from '../learning/rollback-checks.ts';
import type { RetrainSchedule } from '../learning/training/retrain-schedule.ts';

/** Long-lived parts shared by every request, built once at start, kept across reloads. */
export type GatewayServices = {
  holder: RuntimeHolder;
  health: HealthRegistry;
  environment: ExecutionEnvironment;
  /** Every configured secret, taken out by value wherever text leaves the gateway (logs, errors, audit, metrics). */
  redactor: SecretRedactor;
  /** Reloads the config file now; resolves to an error message when the new config is invalid. */
  reload?: () => Promise<{ ok: true; generation: number } | { ok: false; error: string }>;
  newId: () => string;
  scorer?: ScorerClient;
  /** Wall clock (epoch ms), injected for time-of-day rules and the audit. Default Date.now. */
  now?: () => number;
  /** Live per-router and per-rule counters (GET /admin/stats). */
  stats?: RoutingStats;
  /** The audit log (GET /admin/decisions, `switchyard audit tail`); absent when `audit.enabled` is false. */
  audit?: AuditStore;
  /** Prometheus metrics (GET /metrics). */
  metrics?: GatewayMetrics;
  /** Provider rate limits and monthly budgets (GET /admin/limits). */
  limits?: ProviderLimits;
  /** A served call's limits and spend could not be settled: logged as an error, counted in /metrics. */
  onSettleFailure?: (error: unknown, requestId: string) => void;
  /** The shared store's availability when `store.kind` is redis or postgres (/readyz, /admin/store, /metrics). */
  storeStatus?: () => StoreStatus;
  /** Virtual keys (admin API `/admin/keys`, authentication of `sy-…` keys). */
  keys?: VirtualKeys;
  /** Rate limits and budgets of keys and projects, checked before routing. */
  callerLimits?: CallerLimits;
  /** Budget, key-expiry and circuit alerts: the log, and a signed webhook when configured. */
  alerts?: AlertSender;
  /** Which deployment answered each Responses response id (previous_response_id follow-ups); in Redis when the store has one. */
  responseAffinity?: ResponseAffinity;
  /** Quality labels (feedback, shadow judge scores), in the audit log's store. */
  labels?: LabelStore;
  /** Shadow evaluation of smart routers with a `shadow` block, off the request path. */
  shadow?: ShadowRunner;
  /** Active health probes of providers with `health_check:` (GET /admin/health). */
  probes?: ProviderProbes;
  /** OpenTelemetry traces (`telemetry:`); absent when off, and then nothing of it runs per request. */
  tracer?: RequestTracer;
  /** Learned per-pair gain models (learned/active.json beside the state file, hot-reloaded). */
  learned?: LearnedRouters;
  /** Judges active learned routers on fresh labels and rolls back those that lose. */
  rollback?: RollbackMonitor;
  /** Runs the rollback monitor on the labels that arrived since each activation, every `learning.check_ms` (and on `POST /admin/learned/check`). */
  rollbackChecks?: RollbackChecks;
  /** Periodic retraining of labelled pairs (`learning.retrain`), in worker threads; idle when it is not configured. */
  retrain?: RetrainSchedule;
};
