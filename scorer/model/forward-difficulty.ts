import type { DifficultyModel } from './difficulty-model.ts';

/** Standardized features are clipped to ±featureClip so an out-of-range prompt cannot extrapolate wildly. */
export const featureClip = 5;

/** Intermediate values of one forward pass, kept for back-propagation. */
export interface DifficultyActivations {
  /** [embeddingDimension + featureCount]: mean embedding, then standardized features. */
  readonly input: Float32Array;
  /** [hiddenSize], before the ReLU. */
  readonly hiddenPreActivation: Float32Array;
  logit: number;
}

export function createActivations(model: DifficultyModel): DifficultyActivations {
  return {
    input: new Float32Array(model.embeddingDimension + model.featureCount),
    hiddenPreActivation: new Float32Array(model.hiddenSize),
    logit: 0,
  };
}

/**
 * The TypeScript forward pass (the ONNX graph computes the same thing). `bucketIds` are the
 * featurizer's token ids as plain integers; `activations` is reused to avoid allocation.
 */
export function forwardDifficulty(
  model: DifficultyModel,
  bucketIds: ArrayLike<number>,
  features: ArrayLike<number>,
  activations: DifficultyActivations = createActivations(model),
): DifficultyActivations {
  const { embeddingDimension: width, featureCount, hiddenSize, embedding } = model;
  const input = activations.input;
  input.fill(0, 0, width);
  for (let index = 0; index < bucketIds.length; index += 1) {
    const offset = bucketIds[index]! * width;
    for (let column = 0; column < width; column += 1) input[column]! += embedding[offset + column]!;
  }
  const inverseCount = 1 / bucketIds.length;
  for (let column = 0; column < width; column += 1) input[column]! *= inverseCount;
  for (let feature = 0; feature < featureCount; feature += 1) {
    const standardized = (features[feature]! - model.featureMean[feature]!) * model.featureScale[feature]!;
    input[width + feature] = Math.min(featureClip, Math.max(-featureClip, standardized));
  }
  const hidden = activations.hiddenPreActivation;
  hidden.set(model.hiddenBias);
  for (let row = 0; row < input.length; row += 1) {
    const value = input[row]!;
    if (value === 0) continue;
    const offset = row * hiddenSize;
    for (let column = 0; column < hiddenSize; column += 1) hidden[column]! += value * model.hiddenWeights[offset + column]!;
  }
  let logit = model.outputBias[0]!;
  for (let column = 0; column < hiddenSize; column += 1) {
    if (hidden[column]! > 0) logit += hidden[column]! * model.outputWeights[column]!;
  }
  activations.logit = logit;
  return activations;
}

/** The [0, 1] difficulty the ONNX graph outputs for a logit. */
export function difficultyFromLogit(model: DifficultyModel, logit: number): number {
  return 1 / (1 + Math.exp(-(logit - model.difficultyMean) * model.difficultyScale));
}
