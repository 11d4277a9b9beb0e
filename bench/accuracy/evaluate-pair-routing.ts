import type { RoutingRow } from '../../datasets/routing-row.ts';
import { createRandom } from '../../scorer/training/create-random.ts';
import { bootstrapIntervals, type BootstrapInterval } from '../../router/learning/training/bootstrap-interval.ts';
import { preparePairRouting, routingOrder, type PairItem, type PairRoutingMetrics } from '../../router/learning/training/pair-routing-metrics.ts';
import type { ScoredPrompt } from './prompt-scorer.ts';

export interface PairRouterResult {
  readonly router: string;
  readonly metrics: PairRoutingMetrics;
  readonly apgr: BootstrapInterval;
  /** APGR(router) − APGR(length heuristic), paired bootstrap. */
  readonly versusLength: BootstrapInterval | undefined;
}

export interface PairEvaluation {
  readonly label: string;
  readonly promptCount: number;
  readonly strongModel: string;
  readonly weakModel: string;
  readonly strongQuality: number;
  readonly weakQuality: number;
  readonly results: readonly PairRouterResult[];
}

const sigmoid = (value: number) => 1 / (1 + Math.exp(-value));

/**
 * Replays strong/weak routing on `rows`: random, the prompt-length heuristic, our difficulty, our
 * predicted quality gain P_strong − P_weak (when abilities for the pair are known) and the oracle.
 */
export function evaluatePairRouting(
  label: string,
  rows: readonly Pick<RoutingRow, 'scores'>[],
  scored: readonly ScoredPrompt[],
  pair: { strongModel: string; weakModel: string; abilities?: { strong: number; weak: number }; slope: number },
  resamples = 1000,
): PairEvaluation {
  const random = createRandom(11);
  const tieBreak = rows.map(() => random.uniform());
  const base = rows.map((row) => ({ strongQuality: row.scores[pair.strongModel]!, weakQuality: row.scores[pair.weakModel]! }));
  const routers: [string, (index: number) => number][] = [
    ['random', () => random.uniform()],
    ['length heuristic (longer → strong)', (index) => scored[index]!.inputTokens],
    ['switchyard: difficulty', (index) => scored[index]!.logit],
  ];
  const abilities = pair.abilities;
  if (abilities) {
    routers.push(['switchyard: quality gain', (index) => {
      const logit = scored[index]!.logit;
      return sigmoid(pair.slope * (abilities.strong - logit)) - sigmoid(pair.slope * (abilities.weak - logit));
    }]);
  }
  routers.push(['oracle', (index) => base[index]!.strongQuality - base[index]!.weakQuality]);
  const built = routers.map(([router, score]) => {
    const items: PairItem[] = base.map((item, index) => ({ ...item, score: score(index) }));
    return { router, metricsFor: preparePairRouting(items, routingOrder(items, tieBreak)) };
  });
  const lengthIndex = 1;
  // One bootstrap for all routers: APGR of each, then each one's difference to the length heuristic.
  const intervals = bootstrapIntervals(rows.length, (weights) => {
    const apgrs = built.map(({ metricsFor }) => metricsFor(weights).apgr);
    return [...apgrs, ...apgrs.map((apgr) => apgr - apgrs[lengthIndex]!)];
  }, { resamples });
  const results = built.map(({ router, metricsFor }, index): PairRouterResult => ({
    router,
    metrics: metricsFor(),
    apgr: intervals[index]!,
    versusLength: index === lengthIndex ? undefined : intervals[built.length + index]!,
  }));
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  return {
    label,
    promptCount: rows.length,
    strongModel: pair.strongModel,
    weakModel: pair.weakModel,
    strongQuality: mean(base.map((item) => item.strongQuality)),
    weakQuality: mean(base.map((item) => item.weakQuality)),
    results,
  };
}
