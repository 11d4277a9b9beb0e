import type { DifficultyModel } from '../model/difficulty-model.ts';
import { createActivations, featureClip, forwardDifficulty } from '../model/forward-difficulty.ts';
import { calibrateDifficulty } from './fit-item-response-model.ts';
import type { TrainingExample } from './training-example.ts';

/** Index of `log_input_tokens` in the feature vector (see text-features.ts). */
const lengthFeature = 0;

/**
 * Blends the trained difficulty with the prompt-length heuristic, inside the same graph:
 * logit' = logit + beta · std(logit) · min(z, cap), z = the clipped standardized
 * `log_input_tokens`. Two hidden ReLU units carry it exactly —
 * relu(z + c) − relu(z − cap) − c = min(z, cap) for z ≥ −c, where c is the feature clip — so the
 * ONNX graph keeps its shape. beta = 1 weighs the standardized difficulty and the standardized
 * length equally. `cap` stops the prior where the training data thins out (shipped: 2); extrapolated,
 * it made every model fail a plain 2,000-token summarization request. A cap at the feature clip is
 * no cap. The difficulty mapping is recalibrated; abilities must be refitted afterwards (`refitAbilities`).
 */
export function blendWithLength(model: DifficultyModel, beta: number, examples: readonly TrainingExample[], cap: number): DifficultyModel {
  const inputSize = model.embeddingDimension + model.featureCount;
  const oldHidden = model.hiddenSize;
  const hiddenSize = oldHidden + 2;
  const hiddenWeights = new Float32Array(inputSize * hiddenSize);
  for (let row = 0; row < inputSize; row += 1) {
    hiddenWeights.set(model.hiddenWeights.subarray(row * oldHidden, (row + 1) * oldHidden), row * hiddenSize);
  }
  const coefficient = beta / model.difficultyScale;
  const hiddenBias = new Float32Array(hiddenSize);
  hiddenBias.set(model.hiddenBias);
  const outputWeights = new Float32Array(hiddenSize);
  outputWeights.set(model.outputWeights);
  const outputBias = Float32Array.from(model.outputBias);
  const row = model.embeddingDimension + lengthFeature;
  // Unit oldHidden: relu(z + c); unit oldHidden + 1: relu(z − cap); their difference minus c is min(z, cap).
  hiddenWeights[row * hiddenSize + oldHidden] = 1;
  hiddenBias[oldHidden] = featureClip;
  hiddenWeights[row * hiddenSize + oldHidden + 1] = 1;
  hiddenBias[oldHidden + 1] = -Math.min(cap, featureClip);
  outputWeights[oldHidden] = coefficient;
  outputWeights[oldHidden + 1] = -coefficient;
  outputBias[0] = outputBias[0]! - coefficient * featureClip;
  const blended: DifficultyModel = { ...model, hiddenSize, hiddenWeights, hiddenBias, outputWeights, outputBias };
  calibrateDifficulty(blended, examples);
  return blended;
}

/**
 * Refits every ability with the difficulty logits held fixed (weighted soft logistic regression,
 * one parameter each, Newton steps), so quality = sigmoid(k · (ability − logit)) matches the
 * logits the shipped model outputs.
 */
export function refitAbilities(model: DifficultyModel, examples: readonly TrainingExample[], abilities: Float32Array, slope: number): Float32Array {
  const activations = createActivations(model);
  const logits = examples.map((example) => forwardDifficulty(model, example.bucketIds, example.features, activations).logit);
  const refitted = Float32Array.from(abilities);
  for (let iteration = 0; iteration < 30; iteration += 1) {
    const gradient = new Float64Array(abilities.length);
    const hessian = new Float64Array(abilities.length);
    examples.forEach((example, index) => {
      for (const outcome of example.outcomes) {
        const probability = 1 / (1 + Math.exp(-slope * (refitted[outcome.ability]! - logits[index]!)));
        gradient[outcome.ability]! += outcome.weight * slope * (outcome.score - probability);
        hessian[outcome.ability]! += outcome.weight * slope * slope * probability * (1 - probability);
      }
    });
    for (let ability = 0; ability < abilities.length; ability += 1) {
      if (hessian[ability]! > 0) refitted[ability] = refitted[ability]! + Math.max(-2, Math.min(2, gradient[ability]! / hessian[ability]!));
    }
  }
  return refitted;
}
