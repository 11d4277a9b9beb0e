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
  it('adds beta · std(logit) · z of log_input_tokens, exactly, in the same graph shape', () => {
    const { model, examples } = setup();
    const blended = blendWithLength(model, 1.5, examples, featureClip);
    expect(blended.hiddenSize).toBe(model.hiddenSize + 2);
    expect(blended.embedding).toBe(model.embedding);
    for (const example of examples) {
      const expected = forwardDifficulty(model, example.bucketIds, example.features).logit + (1.5 / model.difficultyScale) * z(example.features[0]!);
      expect(forwardDifficulty(blended, example.bucketIds, example.features).logit).toBeCloseTo(expected, 4);
    }
  });

  it('stops adding above the cap, and is unchanged below it', () => {
    const { model, examples } = setup();
    const capped = blendWithLength(model, 1, examples, 1.5);
    expect(capped.hiddenSize).toBe(model.hiddenSize + 2);
    let above = 0;
    let below = 0;
    for (const example of examples) {
      const base = forwardDifficulty(model, example.bucketIds, example.features).logit;
      const length = z(example.features[0]!);
      if (length > 1.5) above += 1;
      else below += 1;
      expect(forwardDifficulty(capped, example.bucketIds, example.features).logit).toBeCloseTo(base + Math.min(length, 1.5) / model.difficultyScale, 4);
    }
    expect(above).toBeGreaterThan(3);
    expect(below).toBeGreaterThan(3);
  });
});
