import type { RouterComparison } from './train-cross-validate.ts';

export interface GuardSettings {
  /** Out-of-fold APGR the learned router must add over the current one to be activated (default 0.02). */
  readonly minGain: number;
  /** Fewer labelled rows than this and nothing is activated, whatever the estimate (default 40). */
  readonly minRows: number;
  /**
   * The lower end of the gain's 95 % paired-bootstrap interval must be above this too (default 0:
   * the gain must be told apart from noise); `-Infinity` keeps the point-estimate rule alone.
   */
  readonly minLowerBound: number;
}

export const defaultGuardSettings: GuardSettings = { minGain: 0.02, minRows: 40, minLowerBound: 0 };

export interface GuardDecision {
  readonly activate: boolean;
  /** Out-of-fold APGR(learned) − APGR(current). */
  readonly gain: number;
  /** One sentence: why it was, or was not, swapped in. */
  readonly reason: string;
}

const format = (value: number) => value.toFixed(3);

/**
 * The guard: a learned router replaces the current one only when, on the same labels, its
 * out-of-fold APGR beats the current router's by at least `minGain` and the paired bootstrap
 * interval of that gain lies above `minLowerBound` (default 0). The interval condition was added
 * after `bench learn` on RouteLLM: with the point-estimate rule alone the guard activated in 3 of
 * 20 splits at 50 labels, and those lost, leaving the guarded router 0.016 APGR below the shipped one.
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
