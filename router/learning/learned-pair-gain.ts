import type { ModelProfile } from '../catalog/resolve-model-profile.ts';
import type { PairGainModel, ScoredPrompt } from '../routing/strategies/smart-pair-gain.ts';
import type { LearnedRouters } from './learned-routers.ts';

/**
 * The smart router's pair gain with learned routers in front: for a pair with an active learned
 * model (deployment names, the more capable first) and a prompt whose rated text is known, the
 * learned prediction — which takes `fallback`'s gain (the shipped IRT one) as its prior feature —
 * otherwise `fallback`'s. It reads the current set on every call, so an activation or a rollback
 * takes effect on the next request without recompiling any policy; `name` changes with the set,
 * so the share windows keyed by it restart from the pair's reference gains after a swap.
 * Input tokens are estimated as characters / 4 (the score result's count is not in the seam). The
 * n-gram half of the prediction comes from the scorer's worker when it computed it for the active
 * version (`prompt.learnedText`), so only a few multiplications run on the event loop.
 */
export function learnedPairGain(routers: () => LearnedRouters | undefined, fallback: PairGainModel): PairGainModel {
  return {
    get name() {
      const current = routers();
      return current === undefined || current.status().length === 0 ? fallback.name : `learned@${current.generation}`;
    },
    gain(strong: ModelProfile, weak: ModelProfile, prompt: ScoredPrompt): number {
      const prior = fallback.gain(strong, weak, prompt);
      const current = routers();
      if (prompt.task === undefined || current === undefined || !current.has(strong.name, weak.name)) return prior;
      const text = prompt.task();
      return current.gain(strong.name, weak.name, { text, prior, logit: prompt.logit, inputTokens: text.length / 4 }, prompt.learnedText) ?? prior;
    },
  };
}
