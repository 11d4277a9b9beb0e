import { afterAll, describe, expect, it } from 'vitest';
import { createTokenEncoder } from '../features/create-token-encoder.ts';
import { embeddingRowCount } from '../features/featurizer-constants.ts';
import { forwardDifficulty } from '../model/forward-difficulty.ts';
import { createRandom } from './create-random.ts';
import { featurizeForTraining } from './featurize-for-training.ts';
import { fitItemResponseModel } from './fit-item-response-model.ts';
import type { TrainingExample } from './training-example.ts';

const encoder = createTokenEncoder();
afterAll(() => encoder.free());

const vocabulary = ['apple', 'river', 'stone', 'cloud', 'music', 'table', 'green', 'quick', 'paper', 'light', 'north', 'glass'];
const plantedAbilities = [-1, 0.5, 2];
const markerDifficulty = 2;
const sigmoid = (value: number) => 1 / (1 + Math.exp(-value));

/** Prompts of random words; those containing "zebra" are planted as 2 logits harder. */
function syntheticPrompts(count: number, seed: number): { prompt: string; hard: boolean }[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => {
    const words = Array.from({ length: 6 + random.integer(10) }, () => vocabulary[random.integer(vocabulary.length)]!);
    const hard = random.uniform() < 0.4;
    if (hard) words.splice(random.integer(words.length), 0, 'zebra');
    return { prompt: words.join(' '), hard };
  });
}

describe('fitItemResponseModel', () => {
  const plantedOptions = {
    seed: 5, epochs: 30, batchSize: 32, learningRate: 1e-2, embeddingDimension: 8, hiddenSize: 16,
    embeddingRowCount, abilityCount: plantedAbilities.length, embeddingWeightDecay: 0, weightDecay: 0, slope: 1,
  };

  it('recovers planted abilities and a planted text signal', () => {
    const cache = new Map();
    const prompts = syntheticPrompts(500, 3);
    const examples: TrainingExample[] = prompts.map(({ prompt, hard }) => {
      const { bucketIds, features } = featurizeForTraining(prompt, encoder, cache);
      const difficulty = hard ? markerDifficulty : 0;
      // Soft targets: the exact planted probabilities.
      const outcomes = plantedAbilities.map((ability, index) => ({ ability: index, score: sigmoid(ability - difficulty), weight: 1 }));
      return { bucketIds, features, outcomes };
    });
    const fitted = fitItemResponseModel(examples, plantedOptions);
    expect(fitted.lossHistory.at(-1)!).toBeLessThan(fitted.lossHistory[0]!);

    const meanLogit = (hard: boolean) => {
      const logits = syntheticPrompts(200, 99).filter((prompt) => prompt.hard === hard).map(({ prompt }) => {
        const { bucketIds, features } = featurizeForTraining(prompt, encoder, cache);
        return forwardDifficulty(fitted.model, bucketIds, features).logit;
      });
      return logits.reduce((sum, logit) => sum + logit, 0) / logits.length;
    };
    const easy = meanLogit(false);
    const hard = meanLogit(true);
    expect(hard - easy).toBeGreaterThan(markerDifficulty - 0.4);
    expect(hard - easy).toBeLessThan(markerDifficulty + 0.4);
    // Abilities are identified relative to the difficulty of an ordinary prompt.
    const relative = [...fitted.abilities].map((ability) => ability - easy);
    expect(relative[0]!).toBeLessThan(relative[1]!);
    expect(relative[1]!).toBeLessThan(relative[2]!);
    relative.forEach((ability, index) => expect(Math.abs(ability - plantedAbilities[index]!)).toBeLessThan(0.3));
  });

  it('is deterministic for a seed', () => {
    const cache = new Map();
    const examples = syntheticPrompts(60, 4).map(({ prompt, hard }) => ({
      ...featurizeForTraining(prompt, encoder, cache),
      outcomes: [{ ability: 0, score: hard ? 0 : 1, weight: 1 }],
    }));
    const options = { seed: 9, epochs: 2, batchSize: 16, learningRate: 1e-2, embeddingDimension: 4, hiddenSize: 4, embeddingRowCount, abilityCount: 1, embeddingWeightDecay: 1e-4, weightDecay: 1e-4, slope: 1 };
    const first = fitItemResponseModel(examples, options);
    const second = fitItemResponseModel(examples, options);
    expect([...second.model.hiddenWeights]).toEqual([...first.model.hiddenWeights]);
    expect([...second.abilities]).toEqual([...first.abilities]);
  });
});
