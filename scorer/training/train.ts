import { datasetNames, type DatasetName } from '../../datasets/dataset-registry.ts';
import { loadDataset, trainingRows } from '../../datasets/load-dataset.ts';
import { createTokenEncoder } from '../features/create-token-encoder.ts';
import { biasBucket, embeddingRowCount } from '../features/featurizer-constants.ts';
import type { DifficultyModel } from '../model/difficulty-model.ts';
import { createActivations, forwardDifficulty } from '../model/forward-difficulty.ts';
import type { TrainingExample } from './training-example.ts';
import { buildTrainingSet, type AbilityKey, type BuildTrainingSetOptions } from './build-training-examples.ts';
import { fitItemResponseModel, type FitOptions, type FittedItemResponseModel } from './fit-item-response-model.ts';
import type { TrainingFeatureCache } from './featurize-for-training.ts';
import { featurizerFingerprint, type FeaturizerFingerprint } from './featurizer-fingerprint.ts';
import { blendWithLength, refitAbilities } from './length-blend.ts';
import { ensembleModels } from './ensemble-models.ts';

export type Hyperparameters = Omit<FitOptions, 'seed' | 'abilityCount' | 'embeddingRowCount' | 'groupCount' | 'onEpoch'> & BuildTrainingSetOptions & {
  /** Members of a seed ensemble (seed, seed + 1, …), merged into one graph (`ensemble-models.ts`); 1: a single model. */
  ensembleSeeds: number;
  /** 0: none. Otherwise blend the trained difficulty with the length heuristic after the fit (`length-blend.ts`). */
  lengthBlend: number;
  /** Index (or indices, averaged) of the standardized text feature(s) the length blend adds; default 0, `log_input_tokens`. */
  lengthBlendFeature?: number | number[];
  /**
   * The standardized length above which the blend adds nothing more (`length-blend.ts`); absent:
   * the feature clip. Shipped: 2 (≈ 600 tokens), the edge of the training data (0.1–0.3 % of
   * training prompts lie above it), so the length prior is not extrapolated to long prompts.
   */
  lengthBlendCap?: number;
};

/** The shipped configuration; the ablations behind each choice are in models/model-card.md. */
export const defaultHyperparameters: Hyperparameters = {
  epochs: 4,
  batchSize: 64,
  learningRate: 3e-3,
  embeddingDimension: 16,
  hiddenSize: 32,
  embeddingWeightDecay: 1e-3,
  weightDecay: 1e-4,
  slope: 1,
  discrimination: false,
  pairwiseWeight: 0,
  balance: 'per-dataset',
  sourceOffsets: true,
  easyPrior: true,
  hardPrior: true,
  hardPriorWeight: 1,
  tokenBuckets: true,
  ensembleSeeds: 1,
  lengthBlend: 1,
  lengthBlendCap: 2,
};

export interface TrainOptions {
  seed?: number;
  /** Dataset families to train on (their train splits only); default all three. */
  datasets?: readonly DatasetName[];
  /** Prompts never to train on, e.g. every prompt of a family evaluated cross-dataset. */
  excludePrompts?: ReadonlySet<string>;
  hyperparameters?: Partial<Hyperparameters>;
  /** Overrides `$SWITCHYARD_DATASETS` / `../shared/datasets`. */
  datasetsDirectory?: string;
  /** Reuse featurized prompts across trainings. */
  featureCache?: TrainingFeatureCache;
  log?: (line: string) => void;
}

export interface TrainResult {
  readonly fitted: FittedItemResponseModel;
  readonly abilityKeys: readonly AbilityKey[];
  /** dataset → model → ability (the IRT ability, same units as the difficulty logit). */
  readonly abilities: Record<string, Record<string, number>>;
  readonly datasets: readonly DatasetName[];
  readonly hyperparameters: Hyperparameters;
  readonly seed: number;
  readonly trainingPromptCount: number;
  readonly seconds: number;
  /** The featurizer's output on the training prompts (the manifest keeps it; a test recomputes it). */
  readonly featurizerFingerprint: FeaturizerFingerprint;
}

/**
 * A model trained without token buckets saw only the bias row: fold that row into the hidden bias
 * and zero the whole table, so the runtime bag (any tokens) contributes nothing, as in training.
 */
function foldBiasRow(model: DifficultyModel): DifficultyModel {
  const width = model.embeddingDimension;
  const hiddenBias = Float32Array.from(model.hiddenBias);
  for (let row = 0; row < width; row += 1) {
    const value = model.embedding[biasBucket * width + row]!;
    for (let column = 0; column < model.hiddenSize; column += 1) hiddenBias[column]! += value * model.hiddenWeights[row * model.hiddenSize + column]!;
  }
  return { ...model, hiddenBias, embedding: new Float32Array(model.embedding.length) };
}

/**
 * Puts every dataset family's abilities on one scale. Refitted against the shipped logits, a
 * family's abilities absorb that family's mean logit: the length blend makes RouterBench's long
 * few-shot prompts look hard and the dropped source offsets no longer carry the families' levels,
 * so without this RouterBench abilities sit ~4 logits above LLMRouter's and the router's catalog fit
 * (ability against catalog quality, across families) degenerates. Each family's abilities are
 * shifted by (its mean training logit − the mean of the family means): an average prompt of every
 * family is taken as equally hard. The models two families share (gpt-4-1106-preview, Mixtral)
 * then land close together, which the log line checks.
 */
function alignFamilies(model: DifficultyModel, examples: readonly TrainingExample[], datasetOfExample: readonly string[], keys: readonly AbilityKey[], abilities: Float32Array, log: (line: string) => void): void {
  const activations = createActivations(model);
  const sums = new Map<string, { sum: number; count: number }>();
  datasetOfExample.forEach((dataset, index) => {
    const entry = sums.get(dataset) ?? { sum: 0, count: 0 };
    entry.sum += forwardDifficulty(model, examples[index]!.bucketIds, examples[index]!.features, activations).logit;
    entry.count += 1;
    sums.set(dataset, entry);
  });
  const means = new Map([...sums].map(([dataset, { sum, count }]) => [dataset, sum / count]));
  const overall = [...means.values()].reduce((sum, mean) => sum + mean, 0) / Math.max(1, means.size);
  keys.forEach((key, index) => {
    abilities[index] = abilities[index]! - ((means.get(key.dataset) ?? overall) - overall);
  });
  log(`aligned family abilities by mean logit: ${[...means].map(([dataset, mean]) => `${dataset} ${(mean - overall).toFixed(2)}`).join(', ')}`);
  const byModel = new Map<string, string[]>();
  keys.forEach((key, index) => {
    const name = key.model.toLowerCase().replace(/^.*\//, '').replace('-instruct-v0.1', '-chat');
    byModel.set(name, [...(byModel.get(name) ?? []), `${key.dataset} ${abilities[index]!.toFixed(2)}`]);
  });
  for (const [name, values] of byModel) if (values.length > 1) log(`  shared model ${name}: ${values.join(' vs ')}`);
}

/** Trains the difficulty model and per-model abilities on the train splits of the chosen datasets. */
export async function train(options: TrainOptions = {}): Promise<TrainResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 1;
  const datasets = options.datasets ?? datasetNames;
  const hyperparameters = { ...defaultHyperparameters, ...options.hyperparameters };
  const excluded = options.excludePrompts ?? new Set<string>();
  const rows = [];
  for (const name of datasets) {
    const datasetRows = trainingRows(await loadDataset(name, { directory: options.datasetsDirectory })).filter((row) => !excluded.has(row.prompt));
    log(`loaded ${name}: ${datasetRows.length} train rows`);
    rows.push(...datasetRows);
  }
  const encoder = createTokenEncoder();
  const featureCache = options.featureCache ?? new Map();
  let trainingSet;
  try {
    trainingSet = buildTrainingSet(rows, encoder, featureCache, hyperparameters);
  } finally {
    encoder.free();
  }
  log(`featurized ${rows.length} prompts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const fingerprint = featurizerFingerprint(rows.map((row) => featureCache.get(row.prompt)!));
  const members: FittedItemResponseModel[] = [];
  for (let member = 0; member < hyperparameters.ensembleSeeds; member += 1) {
    const memberSeed = seed + member;
    let fittedMember = fitItemResponseModel(trainingSet.examples, {
      ...hyperparameters,
      seed: memberSeed,
      embeddingRowCount,
      abilityCount: trainingSet.abilityKeys.length,
      groupCount: trainingSet.groupKeys.length,
      onEpoch: (epoch, loss) => log(`seed ${memberSeed} epoch ${epoch + 1}/${hyperparameters.epochs}: loss ${loss.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(1)} s)`),
    });
    if (!hyperparameters.tokenBuckets) fittedMember = { ...fittedMember, model: foldBiasRow(fittedMember.model) };
    members.push(fittedMember);
  }
  let fitted = members[0]!;
  if (members.length > 1) {
    const meanLoss = fitted.lossHistory.map((_, epoch) => members.reduce((sum, member) => sum + member.lossHistory[epoch]!, 0) / members.length);
    fitted = { ...fitted, model: ensembleModels(members.map((member) => member.model), trainingSet.examples), lossHistory: meanLoss };
  }
  if (hyperparameters.lengthBlend > 0 || hyperparameters.sourceOffsets || members.length > 1) {
    // The shipped logits differ from the fitted ones (ensemble average, blend added, group offsets dropped):
    // refit the abilities against what the model actually outputs.
    const model = hyperparameters.lengthBlend > 0 ? blendWithLength(fitted.model, hyperparameters.lengthBlend, trainingSet.examples, hyperparameters.lengthBlendFeature, hyperparameters.lengthBlendCap) : fitted.model;
    const refitted = refitAbilities(model, trainingSet.examples, fitted.abilities, fitted.slope);
    alignFamilies(model, trainingSet.examples, rows.map((row) => row.dataset), trainingSet.abilityKeys, refitted, log);
    fitted = { ...fitted, model, abilities: refitted };
  }
  const abilities: Record<string, Record<string, number>> = {};
  trainingSet.abilityKeys.forEach((key, index) => {
    (abilities[key.dataset] ??= {})[key.model] = fitted.abilities[index]!;
  });
  return {
    fitted,
    abilityKeys: trainingSet.abilityKeys,
    abilities,
    datasets,
    hyperparameters,
    seed,
    trainingPromptCount: rows.length,
    seconds: (performance.now() - started) / 1000,
    featurizerFingerprint: fingerprint,
  };
}
