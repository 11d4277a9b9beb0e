import { Counter, Gauge, type Registry } from 'prom-client';
import type { LearnedRouterStatus } from './learned-routers.ts';

/** Prometheus metrics of learned routers (GET /metrics): which pairs a learned model serves, and rollbacks. */
export class LearnedRouterMetrics {
  readonly #active: Gauge<'pair' | 'sha256'>;
  readonly #rollbacks: Counter<'pair'>;
  readonly #reloads: Counter<'outcome'>;
  readonly #retrains: Counter<'pair' | 'outcome'>;

  constructor(registry: Registry | undefined) {
    const registers = registry === undefined ? [] : [registry];
    this.#active = new Gauge({ name: 'switchyard_learned_router_active', help: 'Pairs (strong > weak) a learned gain model serves (1), by model sha256 prefix.', labelNames: ['pair', 'sha256'], registers });
    this.#rollbacks = new Counter({ name: 'switchyard_learned_router_rollbacks_total', help: 'Learned routers rolled back because they lost to the current router on fresh labels.', labelNames: ['pair'], registers });
    this.#retrains = new Counter({ name: 'switchyard_learned_router_retrains_total', help: 'Periodic retrainings of a pair (learning.retrain): activated or refused by the guard, or failed.', labelNames: ['pair', 'outcome'], registers });
    this.#reloads = new Counter({ name: 'switchyard_learned_router_reloads_total', help: 'Reloads of learned/active.json: swapped, or failed (the previous set kept serving).', labelNames: ['outcome'], registers });
  }

  active(status: readonly LearnedRouterStatus[]): void {
    this.#active.reset();
    for (const entry of status) this.#active.set({ pair: entry.pair, sha256: entry.sha256.slice(0, 12) }, 1);
  }

  rollback(pair: string): void {
    this.#rollbacks.inc({ pair });
  }

  retrain(pair: string, outcome: 'activated' | 'refused' | 'failed'): void {
    this.#retrains.inc({ pair, outcome });
  }

  reload(outcome: 'swapped' | 'failed'): void {
    this.#reloads.inc({ outcome });
  }
}
