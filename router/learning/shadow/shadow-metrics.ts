import { Counter, Gauge, type Registry } from 'prom-client';

/** Why a sampled request was not shadow-evaluated, or how a run ended. */
export type ShadowOutcome = 'judged' | 'skipped_budget' | 'skipped_concurrency' | 'skipped_guardrails' | 'too_few_answers' | 'judge_failed';
/** Which call of a run failed: a candidate's shadow call (or its provider's limits refused it), the judge's, or writing the labels. */
export type ShadowFailure = 'candidate' | 'judge' | 'store';

/** Prometheus counters of shadow evaluation (GET /metrics), per router; the gateway's registry when it has one. */
export class ShadowMetrics {
  readonly #runs: Counter<'router' | 'outcome'>;
  readonly #failures: Counter<'router' | 'stage'>;
  readonly #cost: Counter<'router'>;
  readonly #inFlight: Gauge<'router'>;

  constructor(registry: Registry | undefined) {
    const registers = registry === undefined ? [] : [registry];
    this.#runs = new Counter({ name: 'switchyard_shadow_runs_total', help: 'Sampled requests by outcome: judged, skipped (budget, concurrency, guardrails), too few answers, judge failed.', labelNames: ['router', 'outcome'], registers });
    this.#failures = new Counter({ name: 'switchyard_shadow_failures_total', help: 'Failed shadow calls, ignored: a candidate (or its limits refused it), the judge, or storing the labels.', labelNames: ['router', 'stage'], registers });
    this.#cost = new Counter({ name: 'switchyard_shadow_cost_usd_total', help: 'Spend of shadow and judge calls in USD at the configured prices.', labelNames: ['router'], registers });
    this.#inFlight = new Gauge({ name: 'switchyard_shadow_in_flight', help: 'Shadow evaluations running now.', labelNames: ['router'], registers });
  }

  run(router: string, outcome: ShadowOutcome): void {
    this.#runs.inc({ router, outcome });
  }

  failure(router: string, stage: ShadowFailure): void {
    this.#failures.inc({ router, stage });
  }

  cost(router: string, usd: number): void {
    if (usd > 0) this.#cost.inc({ router }, usd);
  }

  inFlight(router: string, count: number): void {
    this.#inFlight.set({ router }, count);
  }
}
