import type { ShippedScore } from '../../router/learning/training/train-current-router.ts';
import { createRandom } from '../../scorer/training/create-random.ts';

/** Two candidates of a smart router and nothing behind them: learned routers are tested without upstream calls. */
export const learnedRouterConfig = (store: 'memory' | 'sqlite') => `
store: { kind: ${store} }
providers:
  fake: { type: openai-compatible, base_url: "http://127.0.0.1:9/v1" }
models:
  big: { provider: fake, model: big, quality: 90 }
  small: { provider: fake, model: small, quality: 40 }
routers:
  smart: { strategy: smart, candidates: [big, small] }
`;

const everyday = ['weather', 'recipes', 'travel', 'music', 'gardening', 'movies'];
const hard = ['eigenvalue proof', 'recursive descent parser', 'stochastic integral'];

/** Prompts where only the strong model answers the hard topics; `invert` flips who wins (traffic that changed). */
export function plantedRows(count: number, seed: number, invert = false) {
  const random = createRandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const isHard = random.uniform() < 0.35;
    const topic = isHard ? hard[random.integer(hard.length)]! : everyday[random.integer(everyday.length)]!;
    const strongWins = isHard !== invert;
    return {
      id: `${seed}-${index}`,
      source: 'traffic',
      prompt: `Request ${index}: help me with ${topic}, ${everyday[random.integer(everyday.length)]} aside.`,
      scores: { big: 1, small: strongWins ? 0 : 1 },
      isHard,
    };
  });
}

/** The shipped scorer sees nothing here: noise logits, so the current router is about random. */
export const noiseScores = (seed: number) => async (prompts: readonly string[]): Promise<ShippedScore[]> => {
  const random = createRandom(seed);
  return prompts.map((prompt) => ({ logit: random.normal(), inputTokens: prompt.length / 4 }));
};
