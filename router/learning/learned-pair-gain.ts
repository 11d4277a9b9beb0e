import type { LearnedRouters } from './learned-routers.ts';

/** What a pair-gain model sees of a prompt (the smart router's seam, `smart-pair-gain.ts`), plus the text a learned model reads. */
export interface PairGainPrompt {
  readonly logit: number;
  readonly slope: number;
  /** The rated text (the latest user turn) and the prompt's input tokens: a learned model needs them. */
  readonly text?: string;
  readonly inputTokens?: number;
}

export interface PairGainSource {
  readonly name: string;
  gain(strong: { readonly name: string }, weak: { readonly name: string }, prompt: PairGainPrompt): number;
}

/**
 * The smart router's pair gain with learned routers in front: for a pair with an active learned
 * model (and a prompt that carries its text) the learned prediction — which takes `fallback`'s gain
 * (the shipped IRT one) as its prior feature — otherwise `fallback`'s. It reads the current set on every call, so an activation or a rollback takes
 * effect on the next request without recompiling any policy.
 */
export function learnedPairGain(routers: LearnedRouters, fallback: PairGainSource): PairGainSource {
  return {
    name: 'learned',
    gain(strong, weak, prompt) {
      const prior = fallback.gain(strong, weak, prompt);
      if (prompt.text === undefined || !routers.has(strong.name, weak.name)) return prior;
      return routers.gain(strong.name, weak.name, { text: prompt.text, prior, logit: prompt.logit, inputTokens: prompt.inputTokens ?? 0 }) ?? prior;
    },
  };
}
