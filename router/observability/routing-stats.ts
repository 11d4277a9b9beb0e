import type { RouterDecision } from '../routing/expand-plan.ts';
import { LatencyWindow } from './latency-window.ts';

/** How a routed request ended: served, refused as the client's fault (4xx), or failed (5xx). */
export type RequestOutcomeKind = 'success' | 'rejected' | 'error';

type Counters = { matches: number; successes: number; rejected: number; errors: number; latency: LatencyWindow };

export type StatsRow = {
  matches: number;
  successes: number;
  rejected: number;
  errors: number;
  success_rate: number | null;
  error_rate: number | null;
  p50_latency_ms: number | null;
};

export type StatsSnapshot = {
  since: number;
  routers: Array<{ router: string; strategy: string } & StatsRow>;
  rules: Array<{ router: string; rule: string } & StatsRow>;
};

/** The rule a decision counts for: the matched rule, or `(default)` when a rules router fell through. */
export function decisionRule(decision: RouterDecision): string | undefined {
  return decision.rule ?? (decision.strategy === 'rules' ? '(default)' : undefined);
}

function newCounters(): Counters {
  return { matches: 0, successes: 0, rejected: 0, errors: 0, latency: new LatencyWindow() };
}

function count(counters: Counters, outcome: RequestOutcomeKind, latencyMs: number): void {
  counters.matches++;
  if (outcome === 'success') counters.successes++;
  else if (outcome === 'rejected') counters.rejected++;
  else counters.errors++;
  counters.latency.record(latencyMs);
}

function toRow(counters: Counters): StatsRow {
  const rate = (part: number) => (counters.matches === 0 ? null : part / counters.matches);
  return {
    matches: counters.matches,
    successes: counters.successes,
    rejected: counters.rejected,
    errors: counters.errors,
    success_rate: rate(counters.successes),
    error_rate: rate(counters.errors),
    p50_latency_ms: counters.latency.quantile(0.5) ?? null,
  };
}

/**
 * Live per-router and per-rule counters since the gateway started (kept across reloads): how often
 * each router decided and each rule matched, how those requests ended, and their p50 latency over
 * the last 512. Recording is a few map lookups; the percentile is computed when read.
 */
export class RoutingStats {
  readonly #since: number;
  readonly #routers = new Map<string, { strategy: string; counters: Counters }>();
  readonly #rules = new Map<string, { router: string; rule: string; counters: Counters }>();

  constructor(now: number) {
    this.#since = now;
  }

  record(decisions: readonly RouterDecision[], outcome: RequestOutcomeKind, latencyMs: number): void {
    for (const decision of decisions) {
      let router = this.#routers.get(decision.router);
      if (router === undefined) {
        router = { strategy: decision.strategy, counters: newCounters() };
        this.#routers.set(decision.router, router);
      }
      router.strategy = decision.strategy;
      count(router.counters, outcome, latencyMs);
      const rule = decisionRule(decision);
      if (rule === undefined) continue;
      const key = `${decision.router}\u0000${rule}`;
      let entry = this.#rules.get(key);
      if (entry === undefined) {
        entry = { router: decision.router, rule, counters: newCounters() };
        this.#rules.set(key, entry);
      }
      count(entry.counters, outcome, latencyMs);
    }
  }

  snapshot(): StatsSnapshot {
    return {
      since: this.#since,
      routers: [...this.#routers].map(([router, entry]) => ({ router, strategy: entry.strategy, ...toRow(entry.counters) })),
      rules: [...this.#rules.values()].map((entry) => ({ router: entry.router, rule: entry.rule, ...toRow(entry.counters) })),
    };
  }
}
