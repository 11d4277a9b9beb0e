import type { ModelProfile } from '../../catalog/resolve-model-profile.ts';
import { referenceLogits } from './smart-axis-presets.ts';
import type { PairGainModel, ScoredPrompt } from './smart-pair-gain.ts';
import { ScoreQuantileWindow } from './score-quantile-window.ts';
import { ShareWindowStore } from './share-window-store.ts';

export type ShareDeciderOptions = {
  readonly pairGain: PairGainModel;
  readonly slope: number;
  /** Share of traffic just below the cut that goes to the more capable side too. */
  readonly band: number;
  /** Recent requests per pair the cut is computed from. */
  readonly window: number;
  /** The router's name: with `store`, its windows outlive a reload. */
  readonly routerName: string;
  /** The gateway's long-lived windows; absent, this router keeps its own. */
  readonly store?: ShareWindowStore;
};

export type ShareInput = {
  readonly strong: ModelProfile;
  /** The deployment the strong candidate is scored by (itself, or the first a router candidate would try). */
  readonly strongVia: string;
  readonly weak: ModelProfile;
  readonly weakVia: string;
  readonly logit: number;
  /** Target share of traffic to `strong`. */
  readonly strongShare: number;
  /** The rated text, for a gain model that reads it. */
  readonly task?: () => string;
  /** What the scorer's worker computed of learned gain models for that text (see ScoredPrompt). */
  readonly learnedText?: Readonly<Record<string, number>>;
};

export type ShareDecision = {
  /** `strong`: at or above the cut; `band`: below it, within the band; `weak`: below both. */
  readonly side: 'strong' | 'band' | 'weak';
  readonly detail: Record<string, unknown>;
};

const round = (value: number) => (Number.isFinite(value) ? Number(value.toFixed(5)) : value > 0 ? 'inf' : '-inf');

/**
 * The share axes: each prompt's predicted gain of the more capable candidate over the other is
 * compared with the cut that, over the pair's recent traffic, sends `strongShare` of it to the
 * more capable side; the next `band` of traffic below the cut goes there too (near the boundary,
 * pay for the more capable model). One window per candidate pair (and per deployment a router
 * candidate is scored by), in this process: replicas each track their own traffic, which
 * converges to the same cut when the load balancer spreads traffic evenly. A window starts from
 * the reference mix's prompts and is replaced by live ones one for one; in the gateway's store it
 * survives a config reload that keeps the pair as it was.
 */
export function createShareDecider(options: ShareDeciderOptions): (input: ShareInput) => ShareDecision {
  const store = options.store ?? new ShareWindowStore();
  return (input) => {
    // Everything the pair's gain distribution depends on is in the key: a changed pair starts afresh.
    const side = (profile: ModelProfile, via: string) => `${profile.name}\u0000${via}\u0000${profile.ability}`;
    const key = [options.routerName, side(input.strong, input.strongVia), side(input.weak, input.weakVia), options.pairGain.name, options.slope, options.window].join('\u0001');
    const window = store.windowFor(key, () => {
      const prior = options.pairGain.referenceGains?.(input.strong, input.weak) ?? referenceLogits.map((logit) => options.pairGain.gain(input.strong, input.weak, { logit, slope: options.slope }));
      return new ScoreQuantileWindow(options.window, prior);
    });
    const prompt: ScoredPrompt = input.task === undefined ? { logit: input.logit, slope: options.slope } : { logit: input.logit, slope: options.slope, task: input.task, learnedText: input.learnedText };
    const gain = options.pairGain.gain(input.strong, input.weak, prompt);
    const cut = window.cutForShare(input.strongShare);
    const bandCut = window.cutForShare(Math.min(1, input.strongShare + options.band));
    const chosenSide = gain >= cut ? 'strong' : gain >= bandCut ? 'band' : 'weak';
    const detail = {
      pair: { strong: input.strong.name, weak: input.weak.name },
      gainModel: options.pairGain.name,
      gain: round(gain),
      cut: round(cut),
      bandCut: round(bandCut),
      side: chosenSide,
      window: { live: window.observed, size: window.size },
    };
    window.observe(gain);
    return { side: chosenSide, detail };
  };
}
