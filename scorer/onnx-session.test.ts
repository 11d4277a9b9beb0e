import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOnnxModel } from './export/build-onnx-model.ts';
import { createTokenEncoder } from './features/create-token-encoder.ts';
import { featurize } from './features/featurize.ts';
import { embeddingRowCount } from './features/featurizer-constants.ts';
import { textFeatureCount } from './features/text-features.ts';
import { createDifficultyModel } from './model/difficulty-model.ts';
import { difficultyFromLogit, forwardDifficulty } from './model/forward-difficulty.ts';
import { loadDifficultyModel } from './onnx-session.ts';
import { createRandom } from './training/create-random.ts';
import { toTrainingFeatures } from './training/featurize-for-training.ts';

const directory = mkdtempSync(join(tmpdir(), 'switchyard-onnx-'));
const encoder = createTokenEncoder();
afterAll(() => {
  encoder.free();
  rmSync(directory, { recursive: true, force: true });
});

describe('ONNX export', () => {
  it('computes the same difficulty as the TypeScript forward pass', async () => {
    const random = createRandom(21);
    const model = createDifficultyModel({ embeddingRowCount, embeddingDimension: 8, featureCount: textFeatureCount, hiddenSize: 12 }, random.normal);
    model.embedding.forEach((_, index) => { model.embedding[index] = random.normal() * 0.5; });
    model.featureMean.forEach((_, index) => { model.featureMean[index] = random.normal(); });
    model.featureScale.forEach((_, index) => { model.featureScale[index] = 0.5 + random.uniform(); });
    model.outputBias[0] = 0.3;
    model.difficultyMean = 0.2;
    model.difficultyScale = 1.7;
    const path = join(directory, 'model.onnx');
    writeFileSync(path, buildOnnxModel(model));
    const session = await loadDifficultyModel(path);
    try {
      const prompts = ['', 'hi', 'Write a poem about the sea.', 'def f(x):\n    return x ** 2\n'.repeat(50), 'What is 17 * 23? '.repeat(900)];
      for (const prompt of prompts) {
        const featurized = featurize(prompt, encoder);
        const { bucketIds, features } = toTrainingFeatures(featurized);
        const expected = forwardDifficulty(model, bucketIds, features).logit;
        const actual = await session.run(featurized);
        expect(Math.abs(actual.logit - expected)).toBeLessThan(1e-5);
        expect(Math.abs(actual.difficulty - difficultyFromLogit(model, expected))).toBeLessThan(1e-5);
      }
    } finally {
      await session.release();
    }
  });

  it('rejects a model whose inputs do not match the featurizer', async () => {
    const path = join(directory, 'not-a-model.onnx');
    writeFileSync(path, new Uint8Array([1, 2, 3]));
    await expect(loadDifficultyModel(path)).rejects.toThrow();
  });
});
