import type { ModelProfile } from '../../catalog/resolve-model-profile.ts';
import { predictQuality } from '../../catalog/predict-quality.ts';

/** What a pair-gain model sees of one scored prompt. */
export type ScoredPrompt = {
  /** The prompt's IRT difficulty logit (the shipped scorer's). */
  readonly logit: number;
  readonly slope: number;
  /** The text the scorer rated (the latest user turn), computed on first call; absent for the reference mix's prompts. */
  readonly task?: () => string;
  /** Text terms of learned gain models the scorer's worker computed for that text, by model key. */
  readonly learnedText?: Readonly<Record<string, number>>;
};

/**
 * Predicts how much better the more capable model of a pair answers a prompt than the other
 * (quality points in [-1, 1]): what the smart router ranks prompts by on the share axes.
 *
 * The seam for learned models: a per-pair gain model trained on the user's own labels
 * (router/learning) implements this and is handed to `compileSmartPolicy`; the share tracking,
 * the band and the plan stay as they are.
 */
export interface PairGainModel {
  readonly name: string;
  gain(strong: ModelProfile, weak: ModelProfile, prompt: ScoredPrompt): number;
  /** Gains of a reference set of prompts for the pair, to start a share window from; absent, the reference mix's logits through `gain`. */
  referenceGains?(strong: ModelProfile, weak: ModelProfile): readonly number[];
}

/**
 * The shipped model: the difference of the two IRT predictions, sigmoid(a_strong − logit) −
 * sigmoid(a_weak − logit). It peaks at prompts of middling difficulty for the pair and falls off
 * both ways (an easy prompt both answer, a prompt too hard for both), so it ranks prompts
 * differently from difficulty alone, and differently for each pair.
 */
export const irtPairGain: PairGainModel = {
  name: 'irt',
  gain: (strong, weak, prompt) => predictQuality(strong.ability, prompt.logit, prompt.slope) - predictQuality(weak.ability, prompt.logit, prompt.slope),
};
