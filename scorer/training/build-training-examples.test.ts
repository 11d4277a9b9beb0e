import { afterAll, describe, expect, it } from 'vitest';
import type { RoutingRow } from '../../datasets/routing-row.ts';
import { createTokenEncoder } from '../features/create-token-encoder.ts';
import { buildTrainingSet, type BuildTrainingSetOptions } from './build-training-examples.ts';
import { easyPriorPrompts } from './easy-prior-prompts.ts';
import { hardPriorPromptWeight, hardPriorPrompts } from './hard-prior-prompts.ts';

const encoder = createTokenEncoder();
afterAll(() => encoder.free());

/** Four models of planted strength: a always right, b right on 3 of 4 prompts, c on 1, d never. */
function rows(): RoutingRow[] {
  return [0, 1, 2, 3].map((index) => ({
    dataset: 'routerbench_subset',
    id: `p${index}`,
    source: 'arc-challenge',
    prompt: `question number ${index}`,
    scores: { a: 1, b: index < 3 ? 1 : 0, c: index < 1 ? 1 : 0, d: 0 },
    costs: undefined,
    split: 'train',
    contaminated: false,
    category: undefined,
  }));
}

const options: BuildTrainingSetOptions = { balance: 'per-dataset', sourceOffsets: false, easyPrior: false };

describe('buildTrainingSet', () => {
  it('splits a prompt weight equally across its models by default', () => {
    const { examples, abilityKeys } = buildTrainingSet(rows(), encoder, new Map(), options);
    expect(abilityKeys.map((key) => key.model)).toEqual(['a', 'b', 'c', 'd']);
    for (const example of examples) for (const outcome of example.outcomes) expect(outcome.weight).toBeCloseTo(0.25, 6);
  });

  it('adds the hard prior as prompts every model fails, after the easy prior, with no source offset', () => {
    const { examples, abilityKeys } = buildTrainingSet(rows(), encoder, new Map(), { ...options, sourceOffsets: true, easyPrior: true, hardPrior: true });
    expect(examples).toHaveLength(4 + easyPriorPrompts.length + hardPriorPrompts.length);
    const prior = examples.slice(4 + easyPriorPrompts.length);
    for (const example of prior) {
      expect(example.group).toBeUndefined();
      expect(example.outcomes.map((outcome) => outcome.ability)).toEqual(abilityKeys.map((_, index) => index));
      for (const outcome of example.outcomes) expect(outcome.score).toBe(0);
      expect(example.outcomes.reduce((sum, outcome) => sum + outcome.weight, 0)).toBeCloseTo(hardPriorPromptWeight, 6);
    }
    expect(examples.slice(4, 4 + easyPriorPrompts.length).every((example) => example.outcomes.every((outcome) => outcome.score === 1))).toBe(true);
  });
});
