import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { costOf, outcomeKind, type RequestFacts } from '../audit/build-audit-record.ts';
import type { HealthRegistry } from '../health/health-registry.ts';
import type { AuditQueueStatus, StoreStatus } from '../state/store-status.ts';
import { CounterCells, HistogramCells } from './metric-cells.ts';

const CIRCUIT_STATES = ['closed', 'half-open', 'open'] as const;

/**
 * Prometheus metrics of the gateway (`GET /metrics`). Counted once per finished request from the
 * same facts the audit log gets, so the two never disagree; circuit state is read at scrape time.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'router' | 'model' | 'provider' | 'status' | 'format'>;
  readonly #duration: Histogram<'router' | 'status'>;
  readonly #overhead: Histogram;
  readonly #attempts: Counter<'model' | 'provider' | 'outcome'>;
  readonly #tokens: Counter<'model' | 'direction'>;
  readonly #cost: Counter<'model' | 'provider'>;
  /** Per project (bounded by the config; keys never become labels). */
  readonly #projectRequests: Counter<'project' | 'status'>;
  readonly #projectTokens: Counter<'project' | 'direction'>;
  readonly #projectCost: Counter<'project'>;
  readonly #settleFailures: Counter;
  readonly #guardrailVerdicts: Counter<'guardrail' | 'action'>;
  readonly #probes: Counter<'provider' | 'outcome'>;
  // The per-request series are counted in cells and handed to prom-client at scrape time (collect).
  readonly #requestCells = new CounterCells(['router', 'model', 'provider', 'status', 'format']);
  readonly #durationCells = new HistogramCells(['router', 'status']);
  readonly #overheadCells = new HistogramCells([]);
  readonly #attemptCells = new CounterCells(['model', 'provider', 'outcome']);
  readonly #tokenCells = new CounterCells(['model', 'direction']);
  readonly #costCells = new CounterCells(['model', 'provider']);
  readonly #projectRequestCells = new CounterCells(['project', 'status']);
  readonly #projectTokenCells = new CounterCells(['project', 'direction']);
  readonly #projectCostCells = new CounterCells(['project']);

  constructor(health: HealthRegistry, options: { defaultMetrics?: boolean; store?: () => StoreStatus | undefined } = {}) {
    const registers = [this.registry];
    const requestCells = this.#requestCells;
    const durationCells = this.#durationCells;
    const overheadCells = this.#overheadCells;
    const attemptCells = this.#attemptCells;
    const tokenCells = this.#tokenCells;
    const costCells = this.#costCells;
    const projectRequestCells = this.#projectRequestCells;
    const projectTokenCells = this.#projectTokenCells;
    const projectCostCells = this.#projectCostCells;
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'switchyard_' });
    this.#requests = new Counter({
      name: 'switchyard_requests_total',
      help: 'Finished requests by requested name, serving deployment, provider, outcome (success | rejected | error) and client format.',
      labelNames: ['router', 'model', 'provider', 'status', 'format'],
      registers,
      collect() {
        requestCells.flushInto(this);
      },
    });
    this.#duration = new Histogram({
      name: 'switchyard_request_duration_seconds',
      help: 'Time from arrival to the last byte, upstream included.',
      labelNames: ['router', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
      collect() {
        durationCells.flushInto(this);
      },
    });
    this.#overhead = new Histogram({
      name: 'switchyard_overhead_seconds',
      help: 'Gateway time of a served request, upstream time excluded.',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05],
      registers,
      collect() {
        overheadCells.flushInto(this);
      },
    });
    this.#attempts = new Counter({
      name: 'switchyard_upstream_attempts_total',
      help: 'Attempts at deployments by outcome (success | failed | skipped).',
      labelNames: ['model', 'provider', 'outcome'],
      registers,
      collect() {
        attemptCells.flushInto(this);
      },
    });
    this.#tokens = new Counter({
      name: 'switchyard_tokens_total',
      help: 'Tokens by deployment and direction (input | output).',
      labelNames: ['model', 'direction'],
      registers,
      collect() {
        tokenCells.flushInto(this);
      },
    });
    this.#cost = new Counter({
      name: 'switchyard_cost_usd_total',
      help: 'Spend in USD at the configured prices.',
      labelNames: ['model', 'provider'],
      registers,
      collect() {
        costCells.flushInto(this);
      },
    });
    this.#projectRequests = new Counter({
      name: 'switchyard_project_requests_total',
      help: "Requests by the caller's project and outcome.",
      labelNames: ['project', 'status'],
      registers,
      collect() {
        projectRequestCells.flushInto(this);
      },
    });
    this.#projectTokens = new Counter({
      name: 'switchyard_project_tokens_total',
      help: "Tokens by the caller's project and direction (input | output).",
      labelNames: ['project', 'direction'],
      registers,
      collect() {
        projectTokenCells.flushInto(this);
      },
    });
    this.#projectCost = new Counter({
      name: 'switchyard_project_cost_usd_total',
      help: "Spend in USD by the caller's project.",
      labelNames: ['project'],
      registers,
      collect() {
        projectCostCells.flushInto(this);
      },
    });
    this.#settleFailures = new Counter({ name: 'switchyard_settle_failures_total', help: 'Served calls whose tokens and cost could not be settled against the rate limits and budgets (each one is logged as an error).', registers });
    // Labels are guardrail names of the config and a fixed set of actions: bounded.
    this.#guardrailVerdicts = new Counter({ name: 'switchyard_guardrail_verdicts_total', help: 'Guardrails that fired, by guardrail and action (block | redact | warn | route_to | allow: an external check failed open).', labelNames: ['guardrail', 'action'], registers });
    this.#probes = new Counter({ name: 'switchyard_health_probes_total', help: 'Active health probes of providers (health_check) by outcome (ok | failed).', labelNames: ['provider', 'outcome'], registers });
    durationCells.bind(this.#duration);
    overheadCells.bind(this.#overhead);
    if (options.store !== undefined) this.#registerStore(options.store, registers);
    new Gauge({
      name: 'switchyard_deployment_error_rate',
      help: "A deployment's error rate over the demotion window (health.window_ms); demotion compares it with its peers'.",
      labelNames: ['model'],
      registers,
      collect() {
        this.reset();
        for (const entry of health.snapshot()) if (entry.window !== undefined) this.set({ model: entry.deployment }, entry.window.errorRate);
      },
    });
    new Gauge({
      name: 'switchyard_circuit_state',
      help: 'Circuit breaker state per deployment: 1 for the current state.',
      labelNames: ['model', 'state'],
      registers,
      collect() {
        this.reset();
        for (const entry of health.snapshot()) {
          for (const state of CIRCUIT_STATES) this.set({ model: entry.deployment, state }, entry.state === state ? 1 : 0);
        }
      },
    });
  }

  countProbe(provider: string, ok: boolean): void {
    this.#probes.inc({ provider, outcome: ok ? 'ok' : 'failed' });
  }

  /** The shared store's metrics, read at scrape time; absent (no series) unless `store.kind` is redis. */
  #registerStore(store: () => StoreStatus | undefined, registers: Registry[]): void {
    // postgres with store.redis reports both.
    const statuses = (): StoreStatus[] => {
      const status = store();
      if (status === undefined) return [];
      return status.redis === undefined ? [status] : [status, status.redis];
    };
    new Gauge({
      name: 'switchyard_store_available',
      help: 'The shared state store (redis, postgres) answers: 1, or 0 while this process falls back to its own state (redis) or buffers writes (postgres).',
      labelNames: ['kind'],
      registers,
      collect() {
        this.reset();
        for (const status of statuses()) this.set({ kind: status.kind }, status.available ? 1 : 0);
      },
    });
    new Gauge({
      name: 'switchyard_audit_rows_queued',
      help: 'Audit rows waiting to be written to the shared database (bounded by store.audit_queue_max).',
      registers,
      collect() {
        this.reset();
        const audit = store()?.audit;
        if (audit !== undefined) this.set(audit.queued);
      },
    });
    for (const [name, help, count] of [
      ['switchyard_audit_rows_written_total', 'Audit rows written to the shared database.', (audit: AuditQueueStatus) => audit.written],
      ['switchyard_audit_rows_dropped_total', 'Audit rows dropped: the write queue was full while the database was slow or away, or the database refused the row.', (audit: AuditQueueStatus) => audit.dropped],
    ] as const) {
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          const audit = store()?.audit;
          if (audit !== undefined) this.inc(count(audit));
        },
      });
    }
    new Gauge({
      name: 'switchyard_spend_unsynced_usd',
      help: 'USD of spend this replica holds that the shared database has not confirmed yet.',
      registers,
      collect() {
        this.reset();
        const unsynced = store()?.unsyncedSpendUsd;
        if (unsynced !== undefined) this.set(unsynced);
      },
    });
    const counters = [
      { name: 'switchyard_store_outages_total', help: 'Times the shared state store became unavailable (the first failed connect counts).', count: (status: StoreStatus) => status.outages },
      { name: 'switchyard_store_fallback_admissions_total', help: 'Rate-limit admissions decided on per-process windows because the shared store was unavailable.', count: (status: StoreStatus) => status.fallbacks },
    ];
    for (const { name, help, count } of counters) {
      new Counter({
        name,
        help,
        labelNames: ['kind'],
        registers,
        collect() {
          this.reset();
          for (const status of statuses()) this.inc({ kind: status.kind }, count(status));
        },
      });
    }
  }

  /** Counts a served call whose limits and spend could not be settled. */
  countSettleFailure(): void {
    this.#settleFailures.inc();
  }

  /** Counts one finished request. Never throws into the request path. */
  observe(facts: RequestFacts): void {
    const status = outcomeKind(facts.error);
    const model = facts.step?.deployment.name ?? '';
    const provider = facts.step?.deployment.provider.name ?? '';
    // A name resolved to a default router is labelled with that router, never the client's own string.
    const router = facts.isRouter ? (facts.routedModel ?? facts.requestedModel) : '';
    this.#requestCells.add(1, router, model, provider, status, facts.clientFormat);
    this.#durationCells.observe(facts.latencyMs / 1000, router, status);
    if (facts.overheadMs !== undefined && status === 'success') this.#overheadCells.observe(facts.overheadMs / 1000);
    for (const verdict of facts.guardrails ?? []) this.#guardrailVerdicts.inc({ guardrail: verdict.guardrail, action: verdict.action });
    for (const attempt of facts.attempts) this.#attemptCells.add(1, attempt.deployment, attempt.provider, attempt.outcome);
    const usage = facts.usage;
    const cost = usage !== undefined && facts.step !== undefined ? costOf(facts.step.deployment, usage) : undefined;
    if (usage !== undefined && facts.step !== undefined) {
      this.#tokenCells.add(usage.inputTokens, model, 'input');
      this.#tokenCells.add(usage.outputTokens, model, 'output');
      if (cost !== undefined && cost > 0) this.#costCells.add(cost, model, provider);
    }
    if (facts.project !== undefined) {
      const project = facts.project;
      this.#projectRequestCells.add(1, project, status);
      if (usage !== undefined && facts.step !== undefined) {
        this.#projectTokenCells.add(usage.inputTokens, project, 'input');
        this.#projectTokenCells.add(usage.outputTokens, project, 'output');
        if (cost !== undefined && cost > 0) this.#projectCostCells.add(cost, project);
      }
    }
  }
}
