import { decideActivation, defaultGuardSettings, type GuardDecision, type GuardSettings } from './guard-decide-activation.ts';
import type { LearnedGainModel } from '../../../scorer/learned/learned-gain-model.ts';
import type { KernelRidgeFit } from './learned-ridge-fit.ts';
import type { NgramSettings } from '../../../scorer/learned/learned-text-features.ts';
import type { ShippedScore } from './train-current-router.ts';
import { compareRouters, outOfFoldGains, type RouterComparison } from './train-cross-validate.ts';
import { buildGainDesign, fitGainModel } from './train-gain-model.ts';

/** One labelled prompt for a pair: its text, both models' measured scores and the shipped scorer's view of it. */
export interface LabelledPrompt {
  readonly prompt: string;
  readonly strongQuality: number;
  readonly weakQuality: number;
  readonly shipped: ShippedScore;
}

export interface TrainLearnedRouterOptions {
  readonly strongModel: string;
  readonly weakModel: string;
  /** The current router's preference for the strong model (see currentRouterScorer). */
  readonly currentScore: (shipped: ShippedScore) => number;
  readonly guard?: GuardSettings;
  /** The n-gram features (default defaultNgramSettings). */
  readonly ngrams?: NgramSettings;
  readonly folds?: number;
  /** Repeated k-fold for the guard's estimate (default 1: plain 5-fold). */
  readonly cvRepeats?: number;
  readonly resamples?: number;
  readonly seed?: number;
}

export interface LearnedRouterTraining {
  /** Fitted on every labelled row. */
  readonly model: LearnedGainModel;
  readonly fit: KernelRidgeFit;
  /** Out-of-fold APGR of `learned`, `current` and `length` on the labels, vs `current`. */
  readonly comparison: RouterComparison;
  readonly decision: GuardDecision;
}

export const routerNames = { learned: 'learned', current: 'current', length: 'length' } as const;

/**
 * Trains the per-pair gain model on labelled prompts and judges it: 5-fold out-of-fold APGR of
 * the learned router against the current router and the length heuristic on the same rows
 * (paired bootstrap), then the guard's decision. The model returned is refitted on all rows.
 */
export function trainLearnedRouter(rows: readonly LabelledPrompt[], options: TrainLearnedRouterOptions): LearnedRouterTraining {
  const pair = { strongModel: options.strongModel, weakModel: options.weakModel };
  const design = buildGainDesign(rows.map((row) => ({ text: row.prompt, prior: options.currentScore(row.shipped), logit: row.shipped.logit, inputTokens: row.shipped.inputTokens, gain: row.strongQuality - row.weakQuality })), options.ngrams);
  const outOfFold = outOfFoldGains(design, pair, { folds: options.folds ?? 5, seed: options.seed ?? 1, repeats: options.cvRepeats ?? 1 });
  const comparison = compareRouters(
    rows,
    {
      [routerNames.learned]: outOfFold,
      [routerNames.current]: rows.map((row) => options.currentScore(row.shipped)),
      [routerNames.length]: rows.map((row) => row.shipped.inputTokens),
    },
    routerNames.current,
    { resamples: options.resamples ?? 1000, seed: options.seed ?? 7 },
  );
  const decision = decideActivation(comparison, routerNames.learned, options.guard ?? defaultGuardSettings);
  const { model, fit } = fitGainModel(design, pair);
  return { model, fit, comparison, decision };
}
