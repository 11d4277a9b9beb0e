import type { RouterComparison } from './train-cross-validate.ts';

export interface GuardSettings {
  /** Out-of-fold APGR the learned router must add over the current one to be activated (default 0.02). */
  readonly minGain: number;
  /** Fewer labelled rows than this and nothing is activated, whatever the estimate (default 100). */
  readonly minRows: number;
  /**
   * When set above -Infinity (the default), the lower end of the gain's 95 % paired-bootstrap
   * interval must be above it too: a stricter guard that gives up most of the gains (below).
   */
  readonly minLowerBound: number;
}

export const defaultGuardSettings: GuardSettings = { minGain: 0.02, minRows: 100, minLowerBound: Number.NEGATIVE_INFINITY };

export interface GuardDecision {
  readonly activate: boolean;
  /** Out-of-fold APGR(learned) − APGR(current). */
  readonly gain: number;
  /** One sentence: why it was, or was not, swapped in. */
  readonly reason: string;
}

const format = (value: number) => value.toFixed(3);

/**
 * The guard: a learned router replaces the current one only when, on at least `minRows` labels,
 * its out-of-fold APGR beats the current router's by at least `minGain` (and, if set, the paired
 * bootstrap interval of that gain lies above `minLowerBound`). Chosen on `bench learn` runs over
 * the shared datasets (20 splits each): at 50 labels the point-estimate rule activated 3 of 20
 * RouteLLM splits, all losing (guarded −0.016 vs shipped), hence at least 100 labels; requiring the
 * interval to clear 0 instead kept every loss out but also nearly every gain (RouterBench GPT-4 vs
 * GPT-3.5 at 400 labels: +0.000 instead of +0.047; LLMRouter at 200: +0.005 instead of +0.027).
 */
export function decideActivation(comparison: RouterComparison, learned: string, settings: GuardSettings = defaultGuardSettings): GuardDecision {
  const current = comparison.baseline;
  const difference = comparison.versusBaseline[learned];
  if (difference === undefined) throw new Error(`no comparison of '${learned}' with '${current}'`);
  const learnedApgr = comparison.apgr[learned]!.estimate;
  const currentApgr = comparison.apgr[current]!.estimate;
  const gain = difference.estimate;
  const interval = `95 % interval ${format(difference.lower)} … ${format(difference.upper)}`;
  if (comparison.rows < settings.minRows) {
    return { activate: false, gain, reason: `not swapped: ${comparison.rows} labelled rows, fewer than the ${settings.minRows} the guard needs` };
  }
  if (!Number.isFinite(gain)) return { activate: false, gain, reason: 'not swapped: APGR is undefined on these labels (the two models score the same on every row)' };
  if (gain >= settings.minGain && !(difference.lower > settings.minLowerBound)) {
    return {
      activate: false,
      gain,
      reason: `not swapped: out-of-fold APGR ${format(learnedApgr)} beats the current router's ${format(currentApgr)} by ${format(gain)}, but its ${interval} reaches down to ${format(difference.lower)}, not above ${format(settings.minLowerBound)}: on these labels the gain cannot be told from noise`,
    };
  }
  if (gain >= settings.minGain) {
    return { activate: true, gain, reason: `activated: out-of-fold APGR ${format(learnedApgr)} beats the current router's ${format(currentApgr)} by ${format(gain)} (${interval}), at least the ${format(settings.minGain)} required` };
  }
  return {
    activate: false,
    gain,
    reason: `not swapped: out-of-fold APGR ${format(learnedApgr)} vs the current router's ${format(currentApgr)} is ${gain >= 0 ? 'a gain of only' : 'a loss of'} ${format(Math.abs(gain))} (${interval}); the guard requires a gain of at least ${format(settings.minGain)}`,
  };
}
