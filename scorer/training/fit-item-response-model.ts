import { createDifficultyModel, type DifficultyModel } from '../model/difficulty-model.ts';
import { createActivations, forwardDifficulty } from '../model/forward-difficulty.ts';
import { adamStep, createAdamSlot, type AdamSettings, type AdamSlot } from './adam-optimizer.ts';
import { createRandom } from './create-random.ts';
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
  const settings: AdamSettings = { ...adamDefaults, learningRate: options.learningRate, weightDecay: 0 };
  const { embeddingDimension: width, hiddenSize, slope } = options;
  const activations = createActivations(model);
  const inputGradient = new Float32Array(width);
  const hiddenGradient = new Float32Array(hiddenSize);
  const touched = new Uint8Array(options.embeddingRowCount);
  const order = examples.map((_, index) => index);
  const lossHistory: number[] = [];
  let step = 0;

  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    random.shuffle(order);
    let epochLoss = 0;
    let epochWeight = 0;
    for (let batchStart = 0; batchStart < order.length; batchStart += options.batchSize) {
      const batch = order.slice(batchStart, batchStart + options.batchSize);
      let batchWeight = 0;
      for (const index of batch) for (const outcome of examples[index]!.outcomes) batchWeight += outcome.weight;
      if (batchWeight === 0) continue;
      const touchedRows: number[] = [];
      for (const index of batch) {
        const example = examples[index]!;
        forwardDifficulty(model, example.bucketIds, example.features, activations);
        const group = example.group;
        const difficulty = activations.logit + (group === undefined || groupOffsets.length === 0 ? 0 : groupOffsets[group]!);
        let logitGradient = 0;
        for (const outcome of example.outcomes) {
          const margin = slope * (abilities[outcome.ability]! - difficulty);
          const probability = 1 / (1 + Math.exp(-margin));
          const clipped = Math.min(1 - 1e-7, Math.max(1e-7, probability));
          epochLoss -= outcome.weight * (outcome.score * Math.log(clipped) + (1 - outcome.score) * Math.log(1 - clipped));
          epochWeight += outcome.weight;
          const marginGradient = (outcome.weight * (probability - outcome.score)) / batchWeight;
          abilitySlot.gradient[outcome.ability]! += slope * marginGradient;
          logitGradient -= slope * marginGradient;
        }
        if (group !== undefined && groupOffsets.length > 0) groupSlot.gradient[group]! += logitGradient;
        // Back-propagate the difficulty logit's gradient through the MLP and the embedding bag.
        outputBiasSlot.gradient[0]! += logitGradient;
        const hidden = activations.hiddenPreActivation;
        for (let column = 0; column < hiddenSize; column += 1) {
          const active = hidden[column]! > 0;
          if (active) outputWeightsSlot.gradient[column]! += logitGradient * hidden[column]!;
          hiddenGradient[column] = active ? logitGradient * model.outputWeights[column]! : 0;
          hiddenBiasSlot.gradient[column]! += hiddenGradient[column]!;
        }
        const input = activations.input;
        inputGradient.fill(0);
        for (let row = 0; row < input.length; row += 1) {
          const offset = row * hiddenSize;
          const value = input[row]!;
          let sum = 0;
          for (let column = 0; column < hiddenSize; column += 1) {
            hiddenWeightsSlot.gradient[offset + column]! += value * hiddenGradient[column]!;
            if (row < width) sum += model.hiddenWeights[offset + column]! * hiddenGradient[column]!;
          }
          if (row < width) inputGradient[row] = sum / example.bucketIds.length;
        }
        for (const bucket of example.bucketIds) {
          const offset = bucket * width;
          for (let column = 0; column < width; column += 1) embeddingSlot.gradient[offset + column]! += inputGradient[column]!;
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
    const meanLoss = epochLoss / Math.max(epochWeight, 1e-12);
    lossHistory.push(meanLoss);
    options.onEpoch?.(epoch, meanLoss);
  }
  calibrateDifficulty(model, examples);
  return { model, abilities, groupOffsets, slope, lossHistory };
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
