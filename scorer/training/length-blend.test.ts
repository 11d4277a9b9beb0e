import { describe, expect, it } from 'vitest';
import { createDifficultyModel } from '../model/difficulty-model.ts';
import { featureClip, forwardDifficulty } from '../model/forward-difficulty.ts';
import { createRandom } from './create-random.ts';
import { calibrateDifficulty } from './fit-item-response-model.ts';
import { blendWithLength } from './length-blend.ts';
import type { TrainingExample } from './training-example.ts';

const featureCount = 17;

function setup() {
  const random = createRandom(7);
  const model = createDifficultyModel({ embeddingRowCount: 50, embeddingDimension: 4, featureCount, hiddenSize: 8 }, random.normal);
  model.featureMean.fill(1);
  model.featureScale.fill(0.5);
  const examples: TrainingExample[] = Array.from({ length: 40 }, () => ({
    bucketIds: Int32Array.of(random.integer(50), random.integer(50), 49),
    features: Float32Array.from({ length: featureCount }, () => random.normal() * 3 + 1),
    outcomes: [],
  }));
  calibrateDifficulty(model, examples);
  return { model, examples };
}

const z = (value: number) => Math.max(-featureClip, Math.min(featureClip, (value - 1) * 0.5));

describe('blendWithLength', () => {
  it('adds beta · std(logit) · z of the chosen feature, exactly, in the same graph shape', () => {
    const { model, examples } = setup();
    const blended = blendWithLength(model, 1.5, examples, 14);
    expect(blended.hiddenSize).toBe(model.hiddenSize + 2);
    expect(blended.embedding).toBe(model.embedding);
    for (const example of examples) {
      const expected = forwardDifficulty(model, example.bucketIds, example.features).logit + (1.5 / model.difficultyScale) * z(example.features[14]!);
      expect(forwardDifficulty(blended, example.bucketIds, example.features).logit).toBeCloseTo(expected, 4);
    }
  });

  it('defaults to log_input_tokens (feature 0) and averages several features', () => {
    const { model, examples } = setup();
    const byDefault = blendWithLength(model, 1, examples);
    const both = blendWithLength(model, 1, examples, [0, 14]);
    expect(both.hiddenSize).toBe(model.hiddenSize + 4);
    for (const example of examples) {
      const base = forwardDifficulty(model, example.bucketIds, example.features).logit;
      expect(forwardDifficulty(byDefault, example.bucketIds, example.features).logit).toBeCloseTo(base + z(example.features[0]!) / model.difficultyScale, 4);
      expect(forwardDifficulty(both, example.bucketIds, example.features).logit).toBeCloseTo(base + (z(example.features[0]!) + z(example.features[14]!)) / 2 / model.difficultyScale, 4);
    }
  });

  it('stops adding above the cap, and is unchanged below it', () => {
    const { model, examples } = setup();
    const capped = blendWithLength(model, 1, examples, 0, 1.5);
    const uncapped = blendWithLength(model, 1, examples, 0);
    expect(capped.hiddenSize).toBe(model.hiddenSize + 2);
    let above = 0;
    for (const example of examples) {
      const base = forwardDifficulty(model, example.bucketIds, example.features).logit;
      const length = z(example.features[0]!);
      if (length > 1.5) above += 1;
      expect(forwardDifficulty(capped, example.bucketIds, example.features).logit).toBeCloseTo(base + Math.min(length, 1.5) / model.difficultyScale, 4);
      expect(forwardDifficulty(uncapped, example.bucketIds, example.features).logit).toBeCloseTo(base + length / model.difficultyScale, 4);
    }
    expect(above).toBeGreaterThan(3);
  });
});
