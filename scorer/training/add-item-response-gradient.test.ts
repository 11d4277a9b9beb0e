import { describe, expect, it } from 'vitest';
import { createDifficultyModel } from '../model/difficulty-model.ts';
import { forwardDifficulty } from '../model/forward-difficulty.ts';
import { addItemResponseGradient, createGradientScratch, type ItemResponseGradients, type ItemResponseParameters } from './add-item-response-gradient.ts';
import { createRandom } from './create-random.ts';
import type { TrainingExample } from './training-example.ts';

const shape = { embeddingRowCount: 9, embeddingDimension: 3, featureCount: 4, hiddenSize: 6 };
const slope = 1.3;
/** Central differences on float32 parameters: large enough to rise above float32 rounding, small against every ReLU margin. */
const step = 4e-3;
/**
 * The closest a hidden pre-activation may come to the ReLU kink: one perturbed parameter moves a
 * pre-activation by at most about step · 5 (a clipped standardized feature times the step), so no
 * difference quotient straddles the kink.
 */
const kinkMargin = 0.03;

/** A small random problem, fixed by the seed: parameters, examples with repeated buckets, groups and soft scores. */
function problem() {
  const random = createRandom(7);
  const model = createDifficultyModel(shape, random.normal);
  for (let feature = 0; feature < shape.featureCount; feature += 1) {
    model.featureMean[feature] = random.normal();
    model.featureScale[feature] = 0.5 + random.uniform();
  }
  for (let column = 0; column < shape.hiddenSize; column += 1) model.hiddenBias[column] = random.normal() * 0.5;
  model.outputBias[0] = random.normal();
  const parameters: ItemResponseParameters = {
    model,
    abilities: Float32Array.from({ length: 3 }, () => random.normal()),
    groupOffsets: Float32Array.from({ length: 2 }, () => random.normal() * 0.5),
  };
  const examples: TrainingExample[] = Array.from({ length: 7 }, (_, index) => {
    const bucketIds = Int32Array.from({ length: 1 + random.integer(4) }, () => random.integer(shape.embeddingRowCount));
    if (index === 0) bucketIds[bucketIds.length - 1] = bucketIds[0]!; // a repeated bucket counts twice
    return {
      bucketIds,
      features: Float32Array.from({ length: shape.featureCount }, () => random.normal() * 1.5),
      outcomes: Array.from({ length: 1 + random.integer(3) }, () => ({ ability: random.integer(3), score: random.uniform(), weight: 0.2 + random.uniform() })),
      group: index % 3 === 2 ? undefined : index % 2,
    };
  });
  const batchWeight = examples.reduce((sum, example) => sum + example.outcomes.reduce((inner, outcome) => inner + outcome.weight, 0), 0);
  return { parameters, examples, batchWeight };
}

/** The batch loss straight from its definition, in float64 over the reference forward pass. */
function batchLoss({ model, abilities, groupOffsets }: ItemResponseParameters, examples: readonly TrainingExample[], batchWeight: number): number {
  let loss = 0;
  for (const example of examples) {
    const difficulty = forwardDifficulty(model, example.bucketIds, example.features).logit + (example.group === undefined ? 0 : groupOffsets[example.group]!);
    for (const outcome of example.outcomes) {
      const margin = slope * (abilities[outcome.ability]! - difficulty);
      // −log sigmoid(m) = log(1 + e^−m); −log(1 − sigmoid(m)) = log(1 + e^m)
      loss += outcome.weight * (outcome.score * Math.log1p(Math.exp(-margin)) + (1 - outcome.score) * Math.log1p(Math.exp(margin)));
    }
  }
  return loss / batchWeight;
}

function analyticGradients(parameters: ItemResponseParameters, examples: readonly TrainingExample[], batchWeight: number): ItemResponseGradients {
  const { model } = parameters;
  const gradients: ItemResponseGradients = {
    embedding: new Float32Array(model.embedding.length),
    hiddenWeights: new Float32Array(model.hiddenWeights.length),
    hiddenBias: new Float32Array(model.hiddenBias.length),
    outputWeights: new Float32Array(model.outputWeights.length),
    outputBias: new Float32Array(1),
    abilities: new Float32Array(parameters.abilities.length),
    groupOffsets: new Float32Array(parameters.groupOffsets.length),
  };
  const scratch = createGradientScratch(model, 3);
  const total = { loss: 0, weight: 0 };
  for (const example of examples) addItemResponseGradient(parameters, example, slope, batchWeight, gradients, scratch, total);
  return gradients;
}

/** d loss / d parameter[index] by central differences, using the float32 values actually stored. */
function numericDerivative(parameter: Float32Array, index: number, loss: () => number): number {
  const original = parameter[index]!;
  parameter[index] = original + step;
  const upper = parameter[index]!;
  const lossUp = loss();
  parameter[index] = original - step;
  const lower = parameter[index]!;
  const lossDown = loss();
  parameter[index] = original;
  return (lossUp - lossDown) / (upper - lower);
}

describe('addItemResponseGradient', () => {
  it('matches finite differences of the batch loss for every parameter', () => {
    const { parameters, examples, batchWeight } = problem();
    const { model } = parameters;
    // Preconditions of a meaningful check: both ReLU states occur, and no unit sits near its kink.
    const preActivations = examples.flatMap((example) => [...forwardDifficulty(model, example.bucketIds, example.features).hiddenPreActivation]);
    expect(preActivations.some((value) => value > 0)).toBe(true);
    expect(preActivations.some((value) => value < 0)).toBe(true);
    expect(Math.min(...preActivations.map(Math.abs))).toBeGreaterThan(kinkMargin);

    const analytic = analyticGradients(parameters, examples, batchWeight);
    const loss = () => batchLoss(parameters, examples, batchWeight);
    const tensors: [string, Float32Array, Float32Array][] = [
      ['embedding', model.embedding, analytic.embedding],
      ['hiddenWeights', model.hiddenWeights, analytic.hiddenWeights],
      ['hiddenBias', model.hiddenBias, analytic.hiddenBias],
      ['outputWeights', model.outputWeights, analytic.outputWeights],
      ['outputBias', model.outputBias, analytic.outputBias],
      ['abilities', parameters.abilities, analytic.abilities],
      ['groupOffsets', parameters.groupOffsets, analytic.groupOffsets],
    ];
    const mismatches: string[] = [];
    let checked = 0;
    for (const [name, parameter, gradient] of tensors) {
      let largest = 0;
      for (let index = 0; index < parameter.length; index += 1) {
        const numeric = numericDerivative(parameter, index, loss);
        const value = gradient[index]!;
        largest = Math.max(largest, Math.abs(numeric));
        checked += 1;
        if (Math.abs(numeric - value) > 1e-4 + 1e-3 * Math.abs(numeric)) mismatches.push(`${name}[${index}]: analytic ${value}, numeric ${numeric}`);
      }
      // Every tensor carries a real gradient here, so agreement is not agreement on zeros.
      expect(largest, `${name} has a non-trivial gradient`).toBeGreaterThan(1e-2);
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(model.embedding.length + model.hiddenWeights.length + shape.hiddenSize * 2 + 1 + 3 + 2);
  });

  it('adds the batch loss and weight it saw to the running total', () => {
    const { parameters, examples, batchWeight } = problem();
    const scratch = createGradientScratch(parameters.model, 3);
    const gradients = analyticGradients(parameters, examples, batchWeight);
    const total = { loss: 0, weight: 0 };
    for (const example of examples) addItemResponseGradient(parameters, example, slope, batchWeight, gradients, scratch, total);
    expect(total.weight).toBeCloseTo(batchWeight, 10);
    expect(total.loss / total.weight).toBeCloseTo(batchLoss(parameters, examples, batchWeight), 6);
  });
});
