import type { DifficultyModel } from '../model/difficulty-model.ts';
import { createActivations, forwardDifficulty, type DifficultyActivations } from '../model/forward-difficulty.ts';
import type { TrainingExample } from './training-example.ts';

/** The parameters the item-response fit learns: the difficulty model, one ability per index, per-group offsets. */
export interface ItemResponseParameters {
  readonly model: DifficultyModel;
  readonly abilities: Float32Array;
  /** Empty without groups. */
  readonly groupOffsets: Float32Array;
}

/** Gradient buffers, one per parameter tensor and of its length; `addItemResponseGradient` adds into them. */
export interface ItemResponseGradients {
  readonly embedding: Float32Array;
  readonly hiddenWeights: Float32Array;
  readonly hiddenBias: Float32Array;
  readonly outputWeights: Float32Array;
  readonly outputBias: Float32Array;
  readonly abilities: Float32Array;
  readonly groupOffsets: Float32Array;
}

/** Reused buffers of one fit, so a step allocates nothing. */
export interface GradientScratch {
  readonly activations: DifficultyActivations;
  readonly marginGradients: Float64Array;
  readonly hiddenGradient: Float32Array;
  readonly inputGradient: Float32Array;
}

/** The summed weighted cross-entropy and weight of the outcomes seen, for the epoch's mean loss. */
export interface LossTotal {
  loss: number;
  weight: number;
}

export function createGradientScratch(model: DifficultyModel, maxOutcomes: number): GradientScratch {
  return {
    activations: createActivations(model),
    marginGradients: new Float64Array(maxOutcomes),
    hiddenGradient: new Float32Array(model.hiddenSize),
    inputGradient: new Float32Array(model.embeddingDimension),
  };
}

/**
 * Adds one example's gradient of the batch loss
 *   Σ_outcomes weight · BCE(score, sigmoid(slope · (ability − logit − groupOffset))) / batchWeight
 * to `gradients`, back-propagated by hand through the MLP and the mean embedding bag, and adds its
 * unnormalized loss to `total`. `add-item-response-gradient.test.ts` checks it against numeric
 * derivatives of that loss.
 */
export function addItemResponseGradient(
  parameters: ItemResponseParameters,
  example: TrainingExample,
  slope: number,
  batchWeight: number,
  gradients: ItemResponseGradients,
  scratch: GradientScratch,
  total: LossTotal,
): void {
  const { model, abilities, groupOffsets } = parameters;
  const { embeddingDimension: width, hiddenSize } = model;
  const { activations, marginGradients, hiddenGradient, inputGradient } = scratch;
  forwardDifficulty(model, example.bucketIds, example.features, activations);
  const group = example.group;
  const hasOffset = group !== undefined && groupOffsets.length > 0;
  const difficulty = activations.logit + (hasOffset ? groupOffsets[group]! : 0);
  const hidden = activations.hiddenPreActivation;
  const outcomes = example.outcomes;
  for (let index = 0; index < outcomes.length; index += 1) {
    const outcome = outcomes[index]!;
    const margin = slope * (abilities[outcome.ability]! - difficulty);
    const probability = 1 / (1 + Math.exp(-margin));
    const clipped = Math.min(1 - 1e-7, Math.max(1e-7, probability));
    total.loss -= outcome.weight * (outcome.score * Math.log(clipped) + (1 - outcome.score) * Math.log(1 - clipped));
    total.weight += outcome.weight;
    marginGradients[index] = (outcome.weight * (probability - outcome.score)) / batchWeight;
  }
  let logitGradient = 0;
  for (let index = 0; index < outcomes.length; index += 1) {
    const marginGradient = marginGradients[index]!;
    gradients.abilities[outcomes[index]!.ability]! += slope * marginGradient;
    logitGradient -= slope * marginGradient;
  }
  if (hasOffset) gradients.groupOffsets[group]! += logitGradient;
  // Back-propagate the difficulty logit's gradient through the MLP and the embedding bag.
  gradients.outputBias[0]! += logitGradient;
  for (let column = 0; column < hiddenSize; column += 1) {
    const active = hidden[column]! > 0;
    if (active) gradients.outputWeights[column]! += logitGradient * hidden[column]!;
    hiddenGradient[column] = active ? logitGradient * model.outputWeights[column]! : 0;
    gradients.hiddenBias[column]! += hiddenGradient[column]!;
  }
  const input = activations.input;
  inputGradient.fill(0);
  for (let row = 0; row < input.length; row += 1) {
    const offset = row * hiddenSize;
    const value = input[row]!;
    let sum = 0;
    for (let column = 0; column < hiddenSize; column += 1) {
      gradients.hiddenWeights[offset + column]! += value * hiddenGradient[column]!;
      if (row < width) sum += model.hiddenWeights[offset + column]! * hiddenGradient[column]!;
    }
    if (row < width) inputGradient[row] = sum / example.bucketIds.length;
  }
  for (const bucket of example.bucketIds) {
    const offset = bucket * width;
    for (let column = 0; column < width; column += 1) gradients.embedding[offset + column]! += inputGradient[column]!;
  }
}
