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
  /**
   * 2PL: a training-only head predicts each prompt's log-discrimination s_p from the hidden layer,
   * P = sigmoid(k · exp(s_p) · (ability − difficulty)), so prompts the models answer at random
   * (noisy labels, guessable items) stop pulling the difficulty around. Dropped from the shipped model.
   */
  discrimination?: boolean;
  /**
   * Weight of a pairwise gain loss (0: none): for every pair of models on a prompt, the squared error
   * between the observed score difference and the predicted one, sigmoid(margin_i) − sigmoid(margin_j),
   * so the difficulty is also fitted to where a stronger model gains over a weaker one.
   */
  pairwiseWeight?: number;
  onEpoch?: (epoch: number, meanLoss: number) => void;
}

export interface FittedItemResponseModel {
  readonly model: DifficultyModel;
  /** One ability per index used in the examples' outcomes. */
  readonly abilities: Float32Array;
  /** The learned per-group difficulty offsets (empty without groups); not part of the shipped model. */
  readonly groupOffsets: Float32Array;
  /** The training-only discrimination head (hidden → log-discrimination), empty without `discrimination`. */
  readonly discriminationWeights: Float32Array;
  readonly discriminationBias: number;
  readonly slope: number;
  readonly lossHistory: readonly number[];
}

/** Bound on the log-discrimination, so exp(s) stays in [e^−2, e^2]. */
const maxLogDiscrimination = 2;

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
  const discriminating = options.discrimination === true;
  const discriminationWeights = new Float32Array(discriminating ? options.hiddenSize : 0);
  const discriminationBias = new Float32Array(discriminating ? 1 : 0);
  const pairwiseWeight = options.pairwiseWeight ?? 0;
  const embeddingSlot = createAdamSlot(model.embedding, options.embeddingWeightDecay);
  const denseSlots = [
    createAdamSlot(model.hiddenWeights, options.weightDecay),
    createAdamSlot(model.hiddenBias, 0),
    createAdamSlot(model.outputWeights, options.weightDecay),
    createAdamSlot(model.outputBias, 0),
    createAdamSlot(abilities, 0),
    createAdamSlot(groupOffsets, 0),
    createAdamSlot(discriminationWeights, options.weightDecay),
    createAdamSlot(discriminationBias, 0),
  ];
  const [hiddenWeightsSlot, hiddenBiasSlot, outputWeightsSlot, outputBiasSlot, abilitySlot, groupSlot, discriminationWeightsSlot, discriminationBiasSlot] = denseSlots as [
    AdamSlot, AdamSlot, AdamSlot, AdamSlot, AdamSlot, AdamSlot, AdamSlot, AdamSlot,
  ];
  const maxOutcomes = examples.reduce((most, example) => Math.max(most, example.outcomes.length), 0);
  const margins = new Float64Array(maxOutcomes);
  const marginGradients = new Float64Array(maxOutcomes);

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
        const hidden = activations.hiddenPreActivation;
        let logDiscrimination = 0;
        if (discriminating) {
          logDiscrimination = discriminationBias[0]!;
          for (let column = 0; column < hiddenSize; column += 1) if (hidden[column]! > 0) logDiscrimination += hidden[column]! * discriminationWeights[column]!;
        }
        const clamped = Math.abs(logDiscrimination) >= maxLogDiscrimination;
        const scale = slope * Math.exp(Math.max(-maxLogDiscrimination, Math.min(maxLogDiscrimination, logDiscrimination)));
        const outcomes = example.outcomes;
        let exampleWeight = 0;
        for (let index = 0; index < outcomes.length; index += 1) {
          const outcome = outcomes[index]!;
          const margin = scale * (abilities[outcome.ability]! - difficulty);
          margins[index] = margin;
          const probability = 1 / (1 + Math.exp(-margin));
          const clipped = Math.min(1 - 1e-7, Math.max(1e-7, probability));
          epochLoss -= outcome.weight * (outcome.score * Math.log(clipped) + (1 - outcome.score) * Math.log(1 - clipped));
          epochWeight += outcome.weight;
          exampleWeight += outcome.weight;
          marginGradients[index] = (outcome.weight * (probability - outcome.score)) / batchWeight;
        }
        if (pairwiseWeight > 0 && outcomes.length > 1) {
          // Squared error on every pair's score difference; the prompt's weight is split across its pairs.
          const pairWeight = (pairwiseWeight * exampleWeight) / ((outcomes.length * (outcomes.length - 1)) / 2) / batchWeight;
          for (let first = 0; first < outcomes.length; first += 1) {
            const firstProbability = 1 / (1 + Math.exp(-margins[first]!));
            for (let second = first + 1; second < outcomes.length; second += 1) {
              const secondProbability = 1 / (1 + Math.exp(-margins[second]!));
              const residual = firstProbability - secondProbability - (outcomes[first]!.score - outcomes[second]!.score);
              epochLoss += pairwiseWeight * ((exampleWeight * residual * residual) / ((outcomes.length * (outcomes.length - 1)) / 2));
              marginGradients[first]! += 2 * pairWeight * residual * firstProbability * (1 - firstProbability);
              marginGradients[second]! -= 2 * pairWeight * residual * secondProbability * (1 - secondProbability);
            }
          }
        }
        let logitGradient = 0;
        let logDiscriminationGradient = 0;
        for (let index = 0; index < outcomes.length; index += 1) {
          const marginGradient = marginGradients[index]!;
          abilitySlot.gradient[outcomes[index]!.ability]! += scale * marginGradient;
          logitGradient -= scale * marginGradient;
          logDiscriminationGradient += margins[index]! * marginGradient;
        }
        if (!discriminating || clamped) logDiscriminationGradient = 0;
        if (discriminating) discriminationBiasSlot.gradient[0]! += logDiscriminationGradient;
        if (group !== undefined && groupOffsets.length > 0) groupSlot.gradient[group]! += logitGradient;
        // Back-propagate the difficulty logit's gradient through the MLP and the embedding bag.
        outputBiasSlot.gradient[0]! += logitGradient;
        for (let column = 0; column < hiddenSize; column += 1) {
          const active = hidden[column]! > 0;
          if (active) outputWeightsSlot.gradient[column]! += logitGradient * hidden[column]!;
          if (active && discriminating) discriminationWeightsSlot.gradient[column]! += logDiscriminationGradient * hidden[column]!;
          hiddenGradient[column] = active ? logitGradient * model.outputWeights[column]! + (discriminating ? logDiscriminationGradient * discriminationWeights[column]! : 0) : 0;
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
  return { model, abilities, groupOffsets, discriminationWeights, discriminationBias: discriminationBias[0] ?? 0, slope, lossHistory };
}

/** The training-only discrimination head's log-discrimination for a prompt (0 without `discrimination`). */
export function predictLogDiscrimination(fitted: FittedItemResponseModel, bucketIds: ArrayLike<number>, features: ArrayLike<number>): number {
  if (fitted.discriminationWeights.length === 0) return 0;
  const hidden = forwardDifficulty(fitted.model, bucketIds, features).hiddenPreActivation;
  let value = fitted.discriminationBias;
  for (let column = 0; column < hidden.length; column += 1) if (hidden[column]! > 0) value += hidden[column]! * fitted.discriminationWeights[column]!;
  return Math.max(-maxLogDiscrimination, Math.min(maxLogDiscrimination, value));
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
