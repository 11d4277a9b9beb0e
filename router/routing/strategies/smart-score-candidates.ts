import type { ModelProfile } from '../../catalog/resolve-model-profile.ts';
import { predictQuality } from '../../catalog/predict-quality.ts';

/** Relative weights of the three axes (normalized to sum to 1 before use). */
export type AxisWeights = { readonly quality: number; readonly cost: number; readonly speed: number };

export type ScoringInput = {
  /** The prompt's IRT difficulty logit. */
  readonly logit: number;
  readonly slope: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly weights: AxisWeights;
};

export type CandidateScore = {
  readonly name: string;
  readonly ability: number;
  /** Predicted quality in [0, 1]. */
  readonly quality: number;
  /** Expected USD for this call (price × tokens); undefined when the price is unknown. */
  readonly costUsd: number | undefined;
  /** Decades of expected cost above the cheapest candidate (log10 ratio, ≥ 0). */
  readonly costPenalty: number;
  /** Expected generation seconds (output tokens / speed); undefined when the speed is unknown. */
  readonly seconds: number | undefined;
  /** Decades of generation time above the fastest candidate (≥ 0). */
  readonly speedPenalty: number;
  /** w_quality · quality − w_cost · costPenalty − w_speed · speedPenalty. */
  readonly score: number;
};

function decadesAbove(values: ReadonlyArray<number | undefined>): number[] {
  const known = values.filter((value): value is number => value !== undefined && value > 0);
  const floor = known.length === 0 ? 1 : Math.min(...known);
  // Unknown (or free) counts as the best known value: no penalty for what we cannot measure.
  return values.map((value) => (value === undefined || value <= 0 ? 0 : Math.log10(value / floor)));
}

export function normalizeWeights(weights: AxisWeights): AxisWeights {
  const total = weights.quality + weights.cost + weights.speed;
  if (total <= 0) return { quality: 1, cost: 0, speed: 0 };
  return { quality: weights.quality / total, cost: weights.cost / total, speed: weights.speed / total };
}

/**
 * Scores candidates for one prompt. Quality is absolute (predicted from ability and difficulty);
 * cost and speed are relative to the best candidate on a log scale, so a weight reads as
 * "quality points worth one decade of price (or time)" whatever the absolute prices.
 */
export function scoreCandidates(profiles: readonly ModelProfile[], input: ScoringInput): CandidateScore[] {
  const weights = normalizeWeights(input.weights);
  const costs = profiles.map((profile) =>
    profile.price === undefined ? undefined : (profile.price.input * input.inputTokens + profile.price.output * input.outputTokens) / 1e6,
  );
  const seconds = profiles.map((profile) => (profile.speed === undefined ? undefined : input.outputTokens / profile.speed));
  const costPenalties = decadesAbove(costs);
  const speedPenalties = decadesAbove(seconds);
  return profiles.map((profile, index) => {
    const quality = predictQuality(profile.ability, input.logit, input.slope);
    const costPenalty = costPenalties[index]!;
    const speedPenalty = speedPenalties[index]!;
    return {
      name: profile.name,
      ability: profile.ability,
      quality,
      costUsd: costs[index],
      costPenalty,
      seconds: seconds[index],
      speedPenalty,
      score: weights.quality * quality - weights.cost * costPenalty - weights.speed * speedPenalty,
    };
  });
}

/**
 * The best score wins; within `margin` of it the most capable candidate wins instead (prompts
 * near a boundary go to the more capable side). Returns all candidates, chosen first, then by score.
 */
export function rankCandidates(scores: readonly CandidateScore[], margin: number): CandidateScore[] {
  const byScore = [...scores].sort((a, b) => b.score - a.score || b.ability - a.ability);
  const best = byScore[0];
  if (best === undefined) return [];
  const chosen = byScore.filter((candidate) => candidate.score >= best.score - margin).sort((a, b) => b.ability - a.ability)[0]!;
  return [chosen, ...byScore.filter((candidate) => candidate !== chosen)];
}
