import { createDifficultyModel, type DifficultyModel } from '../model/difficulty-model.ts';
import { createActivations, forwardDifficulty } from '../model/forward-difficulty.ts';
import { adamStep, createAdamSlot, type AdamSettings, type AdamSlot } from './adam-optimizer.ts';
import { createRandom } from './create-random.ts';
import { addItemResponseGradient, createGradientScratch, type ItemResponseGradients, type LossTotal } from './add-item-response-gradient.ts';
import type { TrainingExample } from './training-example.ts';

export interface FitOptions {
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  embeddingDimension: number;
  hiddenSize: number;
  embeddingRowCount: number;
  abilityCount: number;
  /** AdamW decay for the embedding table and for the dense weights. */
  embeddingWeightDecay: number;
  weightDecay: number;
  /** The IRT slope k. It is not identifiable apart from the scale of abilities and difficulties, so it is fixed. */
  slope: number;
  /** Number of per-group difficulty offsets to learn (0: none); see TrainingExample.group. */
  groupCount?: number;
  onEpoch?: (epoch: number, meanLoss: number) => void;
}

export interface FittedItemResponseModel {
  readonly model: DifficultyModel;
  /** One ability per index used in the examples' outcomes. */
  readonly abilities: Float32Array;
  /** The learned per-group difficulty offsets (empty without groups); not part of the shipped model. */
  readonly groupOffsets: Float32Array;
  readonly slope: number;
  readonly lossHistory: readonly number[];
}

const adamDefaults = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

function standardizeFeatures(model: DifficultyModel, examples: readonly TrainingExample[]): void {
  for (let feature = 0; feature < model.featureCount; feature += 1) {
    let sum = 0;
    let sumOfSquares = 0;
    for (const example of examples) {
      sum += example.features[feature]!;
      sumOfSquares += example.features[feature]! ** 2;
    }
    const mean = sum / examples.length;
    const deviation = Math.sqrt(Math.max(0, sumOfSquares / examples.length - mean * mean));
    model.featureMean[feature] = mean;
    model.featureScale[feature] = deviation > 1e-6 ? 1 / deviation : 0;
  }
}

/**
 * Fits P(model m does well on prompt p) = sigmoid(k · (ability_m − difficulty_p)), difficulty_p
 * predicted from the prompt by the difficulty model, by minimizing weighted (soft) binary
 * cross-entropy with hand-written Adam. Deterministic for a seed.
 */
export function fitItemResponseModel(examples: readonly TrainingExample[], options: FitOptions): FittedItemResponseModel {
  const random = createRandom(options.seed);
  const featureCount = examples[0]?.features.length ?? 0;
  const model = createDifficultyModel(
    { embeddingRowCount: options.embeddingRowCount, embeddingDimension: options.embeddingDimension, featureCount, hiddenSize: options.hiddenSize },
    random.normal,
  );
  standardizeFeatures(model, examples);
  const abilities = new Float32Array(options.abilityCount);
  const groupOffsets = new Float32Array(options.groupCount ?? 0);
  const embeddingSlot = createAdamSlot(model.embedding, options.embeddingWeightDecay);
  const denseSlots = [
    createAdamSlot(model.hiddenWeights, options.weightDecay),
    createAdamSlot(model.hiddenBias, 0),
    createAdamSlot(model.outputWeights, options.weightDecay),
    createAdamSlot(model.outputBias, 0),
    createAdamSlot(abilities, 0),
    createAdamSlot(groupOffsets, 0),
  ];
  const [hiddenWeightsSlot, hiddenBiasSlot, outputWeightsSlot, outputBiasSlot, abilitySlot, groupSlot] = denseSlots as [AdamSlot, AdamSlot, AdamSlot, AdamSlot, AdamSlot, AdamSlot];
  const parameters = { model, abilities, groupOffsets };
  const gradients: ItemResponseGradients = {
    embedding: embeddingSlot.gradient,
    hiddenWeights: hiddenWeightsSlot.gradient,
    hiddenBias: hiddenBiasSlot.gradient,
    outputWeights: outputWeightsSlot.gradient,
    outputBias: outputBiasSlot.gradient,
    abilities: abilitySlot.gradient,
    groupOffsets: groupSlot.gradient,
  };
  const maxOutcomes = examples.reduce((most, example) => Math.max(most, example.outcomes.length), 0);
  const scratch = createGradientScratch(model, maxOutcomes);
  const settings: AdamSettings = { ...adamDefaults, learningRate: options.learningRate, weightDecay: 0 };
  const width = options.embeddingDimension;
  const touched = new Uint8Array(options.embeddingRowCount);
  const order = examples.map((_, index) => index);
  const lossHistory: number[] = [];
  let step = 0;

  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    random.shuffle(order);
    const total: LossTotal = { loss: 0, weight: 0 };
    for (let batchStart = 0; batchStart < order.length; batchStart += options.batchSize) {
      const batch = order.slice(batchStart, batchStart + options.batchSize);
      let batchWeight = 0;
      for (const index of batch) for (const outcome of examples[index]!.outcomes) batchWeight += outcome.weight;
      if (batchWeight === 0) continue;
      const touchedRows: number[] = [];
      for (const index of batch) {
        const example = examples[index]!;
        addItemResponseGradient(parameters, example, options.slope, batchWeight, gradients, scratch, total);
        for (const bucket of example.bucketIds) {
          if (touched[bucket] === 0) {
            touched[bucket] = 1;
            touchedRows.push(bucket);
          }
        }
      }
      step += 1;
      for (const slot of denseSlots) adamStep(slot, { ...settings, weightDecay: slot.weightDecay }, step);
      touchedRows.sort((left, right) => left - right);
      adamStep(embeddingSlot, { ...settings, weightDecay: embeddingSlot.weightDecay }, step, { indices: touchedRows, width });
      for (const row of touchedRows) touched[row] = 0;
    }
    const meanLoss = total.loss / Math.max(total.weight, 1e-12);
    lossHistory.push(meanLoss);
    options.onEpoch?.(epoch, meanLoss);
  }
  calibrateDifficulty(model, examples);
  return { model, abilities, groupOffsets, slope: options.slope, lossHistory };
}

/** Sets the logit → [0, 1] mapping to the training prompts' logit mean and 1/std. */
export function calibrateDifficulty(model: DifficultyModel, examples: readonly TrainingExample[]): void {
  const activations = createActivations(model);
  let sum = 0;
  let sumOfSquares = 0;
  for (const example of examples) {
    const logit = forwardDifficulty(model, example.bucketIds, example.features, activations).logit;
    sum += logit;
    sumOfSquares += logit * logit;
  }
  const mean = sum / Math.max(1, examples.length);
  const deviation = Math.sqrt(Math.max(0, sumOfSquares / Math.max(1, examples.length) - mean * mean));
  model.difficultyMean = mean;
  model.difficultyScale = deviation > 1e-6 ? 1 / deviation : 1;
}
