import { datasetNames, type DatasetName } from '../../datasets/dataset-registry.ts';
import { loadDataset, trainingRows } from '../../datasets/load-dataset.ts';
import { createTokenEncoder } from '../features/create-token-encoder.ts';
import { embeddingRowCount } from '../features/featurizer-constants.ts';
import type { DifficultyModel } from '../model/difficulty-model.ts';
import { createActivations, forwardDifficulty } from '../model/forward-difficulty.ts';
import type { TrainingExample } from './training-example.ts';
import { buildTrainingSet, type AbilityKey, type BuildTrainingSetOptions } from './build-training-examples.ts';
import { fitItemResponseModel, type FitOptions, type FittedItemResponseModel } from './fit-item-response-model.ts';
import type { TrainingFeatureCache } from './featurize-for-training.ts';
import { featurizerFingerprint, type FeaturizerFingerprint } from './featurizer-fingerprint.ts';
import { blendWithLength, refitAbilities } from './length-blend.ts';

export type Hyperparameters = Omit<FitOptions, 'seed' | 'abilityCount' | 'embeddingRowCount' | 'groupCount' | 'onEpoch'> & BuildTrainingSetOptions & {
  /** 0: none. Otherwise blend the trained difficulty with the length heuristic after the fit (`length-blend.ts`). */
  lengthBlend: number;
  /**
   * The standardized length above which the blend adds nothing more (`length-blend.ts`; the
   * feature clip, 5: no cap). Shipped: 2 (≈ 600 tokens), the edge of the training data (0.1–0.3 %
   * of training prompts lie above it), so the length prior is not extrapolated to long prompts.
   */
  lengthBlendCap: number;
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
  balance: 'per-dataset',
  sourceOffsets: true,
  easyPrior: true,
  hardPrior: true,
  hardPriorWeight: 1,
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
  let fitted = fitItemResponseModel(trainingSet.examples, {
    ...hyperparameters,
    seed,
    embeddingRowCount,
    abilityCount: trainingSet.abilityKeys.length,
    groupCount: trainingSet.groupKeys.length,
    onEpoch: (epoch, loss) => log(`seed ${seed} epoch ${epoch + 1}/${hyperparameters.epochs}: loss ${loss.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(1)} s)`),
  });
  if (hyperparameters.lengthBlend > 0 || hyperparameters.sourceOffsets) {
    // The shipped logits differ from the fitted ones (blend added, group offsets dropped):
    // refit the abilities against what the model actually outputs.
    const model = hyperparameters.lengthBlend > 0 ? blendWithLength(fitted.model, hyperparameters.lengthBlend, trainingSet.examples, hyperparameters.lengthBlendCap) : fitted.model;
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
