import { createRandom } from '../../../scorer/training/create-random.ts';
import { bootstrapIntervals, type BootstrapInterval } from './bootstrap-interval.ts';
import { preparePairRouting, routingOrder, type PairItem } from './pair-routing-metrics.ts';
import { fitGainModel, predictDesignRow, type GainDesign } from './train-gain-model.ts';

/**
 * Out-of-fold predictions: the rows are shuffled (seeded) into `folds` parts; each part is
 * predicted by a model fitted, penalty chosen by leave-one-out, on the other parts only.
 */
export function outOfFoldGains(design: GainDesign, pair: { strongModel: string; weakModel: string }, options: { folds?: number; seed?: number; repeats?: number } = {}): Float64Array {
  const count = design.examples.length;
  const folds = Math.min(options.folds ?? 5, count);
  const repeats = Math.max(1, options.repeats ?? 1);
  const predictions = new Float64Array(count);
  // Repeated k-fold: each row's prediction is the mean over `repeats` fold assignments, every one
  // still out of fold — a less noisy estimate for the guard, at `repeats` times the training.
  for (let repeat = 0; repeat < repeats; repeat += 1) {
    const order = createRandom((options.seed ?? 1) + repeat).shuffle(design.examples.map((_, index) => index));
    for (let fold = 0; fold < folds; fold += 1) {
      const held = order.filter((_, index) => index % folds === fold);
      const kept = order.filter((_, index) => index % folds !== fold);
      const { model } = fitGainModel(design, pair, kept);
      for (const position of held) predictions[position]! += predictDesignRow(design, model, position) / repeats;
    }
  }
  return predictions;
}

export interface RouterComparison {
  /** APGR of each router on the same rows, with a bootstrap interval. */
  readonly apgr: Readonly<Record<string, BootstrapInterval>>;
  /** APGR(router) − APGR(baseline), a paired bootstrap (same resamples), for every other router. */
  readonly versusBaseline: Readonly<Record<string, BootstrapInterval>>;
  readonly baseline: string;
  readonly rows: number;
}

/**
 * RouteLLM's APGR of several routers on the same labelled rows (`scores[router][i]`: higher sends
 * row i to the strong model earlier), one paired bootstrap for all, and each one's difference to
 * `baseline`. Ties are broken by one seeded random order shared by every router.
 */
export function compareRouters(
  rows: readonly { strongQuality: number; weakQuality: number }[],
  scores: Readonly<Record<string, ArrayLike<number>>>,
  baseline: string,
  options: { resamples?: number; seed?: number } = {},
): RouterComparison {
  const random = createRandom(options.seed ?? 11);
  const tieBreak = rows.map(() => random.uniform());
  const names = Object.keys(scores);
  if (!names.includes(baseline)) throw new Error(`baseline router '${baseline}' is not among ${names.join(', ')}`);
  const prepared = names.map((name) => {
    const values = scores[name]!;
    const items: PairItem[] = rows.map((row, index) => ({ ...row, score: values[index]! }));
    return preparePairRouting(items, routingOrder(items, tieBreak));
  });
  const baselineIndex = names.indexOf(baseline);
  const intervals = bootstrapIntervals(
    rows.length,
    (weights) => {
      const apgrs = prepared.map((metricsFor) => metricsFor(weights).apgr);
      return [...apgrs, ...apgrs.map((apgr) => apgr - apgrs[baselineIndex]!)];
    },
    { resamples: options.resamples ?? 1000, seed: options.seed ?? 7 },
  );
  const apgr: Record<string, BootstrapInterval> = {};
  const versusBaseline: Record<string, BootstrapInterval> = {};
  names.forEach((name, index) => {
    apgr[name] = intervals[index]!;
    if (index !== baselineIndex) versusBaseline[name] = intervals[names.length + index]!;
  });
  return { apgr, versusBaseline, baseline, rows: rows.length };
}
