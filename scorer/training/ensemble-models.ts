import type { DifficultyModel } from '../model/difficulty-model.ts';
import { calibrateDifficulty } from './fit-item-response-model.ts';
import type { TrainingExample } from './training-example.ts';

/**
 * Averages several difficulty models (e.g. one per seed) into ONE model of the same graph shape:
 * the embedding tables are concatenated side by side, the hidden layers are stacked
 * (block-diagonal on the embedding part, shared feature rows), and the output is the mean of the
 * members' standardized logits. All members must share the feature standardization (same training
 * prompts). The result's logit is in standardized units; refit the abilities afterwards.
 */
export function ensembleModels(models: readonly DifficultyModel[], examples: readonly TrainingExample[]): DifficultyModel {
  const first = models[0]!;
  const rows = first.embeddingRowCount;
  const featureCount = first.featureCount;
  const width = models.reduce((sum, model) => sum + model.embeddingDimension, 0);
  const hiddenSize = models.reduce((sum, model) => sum + model.hiddenSize, 0);
  const embedding = new Float32Array(rows * width);
  const hiddenWeights = new Float32Array((width + featureCount) * hiddenSize);
  const hiddenBias = new Float32Array(hiddenSize);
  const outputWeights = new Float32Array(hiddenSize);
  let outputBias = 0;
  let widthOffset = 0;
  let hiddenOffset = 0;
  for (const model of models) {
    if (model.featureCount !== featureCount || model.embeddingRowCount !== rows) throw new Error('ensemble members must have the same inputs');
    for (let feature = 0; feature < featureCount; feature += 1) {
      if (model.featureMean[feature] !== first.featureMean[feature] || model.featureScale[feature] !== first.featureScale[feature]) throw new Error('ensemble members must share the feature standardization');
    }
    const w = model.embeddingDimension;
    const h = model.hiddenSize;
    for (let row = 0; row < rows; row += 1) embedding.set(model.embedding.subarray(row * w, (row + 1) * w), row * width + widthOffset);
    for (let column = 0; column < w; column += 1) {
      hiddenWeights.set(model.hiddenWeights.subarray(column * h, (column + 1) * h), (widthOffset + column) * hiddenSize + hiddenOffset);
    }
    for (let feature = 0; feature < featureCount; feature += 1) {
      hiddenWeights.set(model.hiddenWeights.subarray((w + feature) * h, (w + feature + 1) * h), (width + feature) * hiddenSize + hiddenOffset);
    }
    hiddenBias.set(model.hiddenBias, hiddenOffset);
    const scale = model.difficultyScale / models.length;
    for (let column = 0; column < h; column += 1) outputWeights[hiddenOffset + column] = model.outputWeights[column]! * scale;
    outputBias += (model.outputBias[0]! - model.difficultyMean) * scale;
    widthOffset += w;
    hiddenOffset += h;
  }
  const ensemble: DifficultyModel = {
    embeddingRowCount: rows,
    embeddingDimension: width,
    featureCount,
    hiddenSize,
    embedding,
    featureMean: Float32Array.from(first.featureMean),
    featureScale: Float32Array.from(first.featureScale),
    hiddenWeights,
    hiddenBias,
    outputWeights,
    outputBias: Float32Array.of(outputBias),
    difficultyMean: 0,
    difficultyScale: 1,
  };
  calibrateDifficulty(ensemble, examples);
  return ensemble;
}
