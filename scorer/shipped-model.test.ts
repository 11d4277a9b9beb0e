import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ModelManifest } from './export/model-manifest.ts';
import { createTokenEncoder } from './features/create-token-encoder.ts';
import { featurize } from './features/featurize.ts';
import * as featurizer from './features/featurizer-constants.ts';
import { textFeatureNames } from './features/text-features.ts';
import { loadDifficultyModel } from './onnx-session.ts';
import { loadDataset, trainingRows } from '../datasets/load-dataset.ts';
import type { DatasetName } from '../datasets/dataset-registry.ts';
import { toTrainingFeatures } from './training/featurize-for-training.ts';
import { featurizerFingerprint } from './training/featurizer-fingerprint.ts';
import { routingDatasetsAbsence } from '../test/support/routing-datasets-absence.ts';

const datasetsAbsence = routingDatasetsAbsence();
const modelsDirectory = join(dirname(fileURLToPath(import.meta.url)), '..', 'models');

describe('the shipped model', () => {
  const manifest = JSON.parse(readFileSync(join(modelsDirectory, 'manifest.json'), 'utf8')) as ModelManifest;

  it('matches its manifest: hash, featurizer and interface', () => {
    const bytes = readFileSync(join(modelsDirectory, manifest.model.file));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(manifest.model.sha256);
    expect(bytes.length).toBeLessThanOrEqual(10 * 1024 * 1024);
    expect(manifest.featurizer).toMatchObject({
      version: featurizer.featurizerVersion,
      tokenizer: featurizer.tokenizerName,
      headCharacterCap: featurizer.headCharacterCap,
      tailCharacterCap: featurizer.tailCharacterCap,
      headTokenCap: featurizer.headTokenCap,
      tailTokenCap: featurizer.tailTokenCap,
      bucketCount: featurizer.bucketCount,
      featureNames: [...textFeatureNames],
    });
    expect(Object.keys(manifest.irt.abilities).sort()).toEqual(['llmrouter_9_open_models', 'routellm_gpt4_vs_mixtral', 'routerbench_subset']);
  });

  it('gets from the current featurizer exactly the inputs it was trained on (every training prompt)', async ({ skip }) => {
    if (datasetsAbsence !== undefined) skip(datasetsAbsence);
    const encoder = createTokenEncoder();
    try {
      const prompts: string[] = [];
      for (const name of manifest.training.datasets) prompts.push(...trainingRows(await loadDataset(name as DatasetName)).map((row) => row.prompt));
      const fingerprint = featurizerFingerprint(prompts.map((prompt) => toTrainingFeatures(featurize(prompt, encoder))));
      // A mismatch means the featurizer changed under the shipped model: make the change keep its
      // output, or bump featurizerVersion and retrain (`scorer/training/train-cli.ts`).
      expect(fingerprint).toEqual(manifest.featurizer.fingerprint);
    } finally {
      encoder.free();
    }
  }, 60_000);

  it("scores the model card's everyday prompts as published, through the manifest's mapping", async () => {
    const session = await loadDifficultyModel(join(modelsDirectory, manifest.model.file));
    const encoder = createTokenEncoder();
    // models/model-card.md, "Everyday prompts" (two decimals there): retraining must update the card.
    const published: [string, number][] = [
      ['hi', 0.11],
      ['Say hello.', 0.16],
      ['What is 2+2?', 0.21],
      ['Prove that every finite integral domain is a field.', 0.58],
    ];
    try {
      for (const [prompt, difficulty] of published) {
        const score = await session.run(featurize(prompt, encoder));
        expect(score.difficulty.toFixed(2), prompt).toBe(difficulty.toFixed(2));
        // The graph's difficulty output is the manifest's mapping of its logit output.
        const mapped = 1 / (1 + Math.exp(-(score.logit - manifest.difficulty.logitMean) * manifest.difficulty.logitScale));
        expect(score.difficulty).toBeCloseTo(mapped, 5);
      }
    } finally {
      encoder.free();
      await session.release();
    }
  });
});
