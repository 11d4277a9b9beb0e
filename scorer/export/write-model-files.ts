import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as featurizer from '../features/featurizer-constants.ts';
import { textFeatureNames } from '../features/text-features.ts';
import { featureClip } from '../model/forward-difficulty.ts';
import type { TrainResult } from '../training/train.ts';
import { buildOnnxModel, onnxInterface } from './build-onnx-model.ts';
import type { ModelManifest } from './model-manifest.ts';

export const manifestVersion = '1.0.0';

/** Writes `model.onnx` and `manifest.json` for a trained model into `directory`. */
export async function writeModelFiles(result: TrainResult, directory: string): Promise<ModelManifest> {
  const { model } = result.fitted;
  const bytes = buildOnnxModel(model, { featurizer_version: String(featurizer.featurizerVersion), tokenizer: featurizer.tokenizerName });
  const manifest: ModelManifest = {
    name: 'switchyard-difficulty',
    version: manifestVersion,
    model: { file: 'model.onnx', sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length },
    onnx: { opsetVersion: onnxInterface.opsetVersion, irVersion: onnxInterface.irVersion },
    inputs: [
      { ...onnxInterface.inputs.tokenIds, shape: [...onnxInterface.inputs.tokenIds.shape] },
      { ...onnxInterface.inputs.features, shape: [1, model.featureCount] },
    ],
    outputs: [
      { ...onnxInterface.outputs.difficulty, shape: [...onnxInterface.outputs.difficulty.shape] },
      { ...onnxInterface.outputs.difficultyLogit, shape: [...onnxInterface.outputs.difficultyLogit.shape] },
    ],
    featurizer: {
      version: featurizer.featurizerVersion,
      tokenizer: featurizer.tokenizerName,
      headCharacterCap: featurizer.headCharacterCap,
      tailCharacterCap: featurizer.tailCharacterCap,
      headTokenCap: featurizer.headTokenCap,
      tailTokenCap: featurizer.tailTokenCap,
      bucketCount: featurizer.bucketCount,
      biasBucket: featurizer.biasBucket,
      featureNames: [...textFeatureNames],
      featureClip,
      fingerprint: { ...result.featurizerFingerprint },
    },
    difficulty: {
      mapping: 'difficulty = sigmoid((difficulty_logit - logitMean) * logitScale); difficulty_logit = logitMean + ln(difficulty / (1 - difficulty)) / logitScale',
      logitMean: model.difficultyMean,
      logitScale: model.difficultyScale,
    },
    irt: {
      formula: 'quality_m = sigmoid(slope * (ability_m - difficulty_logit))',
      slope: result.fitted.slope,
      abilities: result.abilities,
    },
    training: {
      datasets: [...result.datasets],
      splits: 'train splits only (routellm: sha256(id) split, 75 % train)',
      prompts: result.trainingPromptCount,
      seed: result.seed,
      hyperparameters: result.hyperparameters,
      seconds: Math.round(result.seconds),
      finalLoss: result.fitted.lossHistory.at(-1) ?? null,
    },
  };
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, 'model.onnx'), bytes);
  await writeFile(join(directory, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
