import type { DatasetEntry } from '../../datasets/dataset-registry.ts';
import type { RoutingRow } from '../../datasets/routing-row.ts';
import { averageImprovementInQuality, type CostQualityPoint } from './metrics/average-improvement-in-quality.ts';
import type { ScoredPrompt } from './prompt-scorer.ts';

export interface CostQualityRouter {
  readonly router: string;
  readonly points: readonly (CostQualityPoint & { strongShare: number })[];
  readonly aiq: number;
}

export interface CostQualityEvaluation {
  readonly label: string;
  readonly promptCount: number;
  readonly costNote: string;
  readonly maximumCost: number;
  readonly singles: readonly CostQualityRouter[];
  readonly routers: readonly CostQualityRouter[];
}

const sigmoid = (value: number) => 1 / (1 + Math.exp(-value));

/** Cost of a call: the measured per-call cost when the file has it, else input tokens × input price. */
function callCost(entry: DatasetEntry, row: RoutingRow, model: string, inputTokens: number): number {
  return row.costs?.[model] ?? (inputTokens * entry.prices[model]!.input) / 1e6;
}

/**
 * Multi-model replay with costs: every single model, the zero router (hull of the single models),
 * random and length-heuristic splits of the strong/weak pair, our router sweeping its
 * willingness-to-pay λ (pick argmax λ · predicted quality − predicted cost), and the oracle (the
 * cheapest model with the row's best score). AIQ per RouterBench.
 */
export function evaluateCostQualityRouting(
  label: string,
  entry: DatasetEntry,
  rows: readonly RoutingRow[],
  scored: readonly ScoredPrompt[],
  irt: { abilities: Record<string, number>; slope: number; meanCostPerToken: Record<string, number> },
): CostQualityEvaluation {
  const models = Object.keys(entry.prices);
  const strongest = entry.strongModel;
  const pointOf = (choose: (index: number) => string): CostQualityPoint & { strongShare: number } => {
    let cost = 0;
    let quality = 0;
    let strong = 0;
    rows.forEach((row, index) => {
      const model = choose(index);
      cost += callCost(entry, row, model, scored[index]!.inputTokens);
      quality += row.scores[model]!;
      if (model === strongest) strong += 1;
    });
    return { cost: cost / rows.length, quality: quality / rows.length, strongShare: strong / rows.length };
  };
  const singles = models.map((model) => ({ router: model, points: [pointOf(() => model)] }));
  const fractions = Array.from({ length: 21 }, (_, step) => step / 20);
  const byLength = rows.map((_, index) => index).sort((left, right) => scored[right]!.inputTokens - scored[left]!.inputTokens || left - right);
  const lengthRank = new Int32Array(rows.length);
  byLength.forEach((index, rank) => { lengthRank[index] = rank; });
  const pairSplit = (share: (index: number) => boolean) => (index: number) => (share(index) ? entry.strongModel : entry.weakModel);
  const lambdas = [0, ...Array.from({ length: 61 }, (_, step) => 10 ** (-7 + step * 0.15)), Number.POSITIVE_INFINITY];
  const predicted = rows.map((_, index) => models.map((model) => ({
    model,
    quality: sigmoid(irt.slope * ((irt.abilities[model] ?? Number.NEGATIVE_INFINITY) - scored[index]!.logit)),
    cost: irt.meanCostPerToken[model]! * scored[index]!.inputTokens,
  })));
  const ours = lambdas.map((lambda) => pointOf((index) => {
    let best = predicted[index]![0]!;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (const candidate of predicted[index]!) {
      const value = lambda === Number.POSITIVE_INFINITY ? candidate.quality - 1e-12 * candidate.cost : lambda * candidate.quality - candidate.cost;
      if (value > bestValue) [best, bestValue] = [candidate, value];
    }
    return best.model;
  }));
  const oracle = pointOf((index) => {
    const row = rows[index]!;
    const top = Math.max(...models.map((model) => row.scores[model]!));
    const winners = models.filter((model) => row.scores[model] === top);
    return winners.reduce((cheapest, model) => (callCost(entry, row, model, scored[index]!.inputTokens) < callCost(entry, row, cheapest, scored[index]!.inputTokens) ? model : cheapest));
  });
  const curveRouters = [
    { router: `random (${entry.strongModel} / ${entry.weakModel})`, points: fractions.map((fraction) => pointOf(pairSplit((index) => (index * 0.618_034) % 1 < fraction))) },
    { router: 'length heuristic (longer → strong)', points: fractions.map((fraction) => pointOf(pairSplit((index) => lengthRank[index]! < fraction * rows.length))) },
    { router: 'switchyard (λ sweep over all models)', points: ours },
    { router: 'oracle', points: [oracle] },
  ];
  const zero = { router: 'zero router (hull of single models)', points: singles.map((single) => single.points[0]!) };
  const all = [...singles, zero, ...curveRouters];
  const maximumCost = Math.max(...all.flatMap((router) => router.points.map((point) => point.cost)));
  const withAiq = (router: { router: string; points: (CostQualityPoint & { strongShare: number })[] }) => ({ ...router, aiq: averageImprovementInQuality(router.points, maximumCost) });
  return {
    label,
    promptCount: rows.length,
    costNote: entry.perCallCostsInFile ? 'measured per-call USD from the dataset' : 'input tokens (cl100k) × input price from models.json; output tokens unknown',
    maximumCost,
    singles: singles.map(withAiq),
    routers: [zero, ...curveRouters].map(withAiq),
  };
}
