import { datasetNames, type DatasetName } from '../../datasets/dataset-registry.ts';
import { loadDataset, trainingRows } from '../../datasets/load-dataset.ts';
import { createTokenEncoder } from '../features/create-token-encoder.ts';
import { embeddingRowCount } from '../features/featurizer-constants.ts';
import { buildTrainingSet, type AbilityKey, type BuildTrainingSetOptions } from './build-training-examples.ts';
import { fitItemResponseModel, type FitOptions, type FittedItemResponseModel } from './fit-item-response-model.ts';
import type { TrainingFeatureCache } from './featurize-for-training.ts';

export type Hyperparameters = Omit<FitOptions, 'seed' | 'abilityCount' | 'embeddingRowCount' | 'groupCount' | 'onEpoch'> & BuildTrainingSetOptions;

export const defaultHyperparameters: Hyperparameters = {
  epochs: 8,
  batchSize: 64,
  learningRate: 3e-3,
  embeddingDimension: 16,
  hiddenSize: 32,
  embeddingWeightDecay: 1e-4,
  weightDecay: 1e-4,
  slope: 1,
  balance: 'per-dataset',
  sourceOffsets: false,
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
  let trainingSet;
  try {
    trainingSet = buildTrainingSet(rows, encoder, options.featureCache ?? new Map(), hyperparameters);
  } finally {
    encoder.free();
  }
  log(`featurized ${rows.length} prompts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const fitted = fitItemResponseModel(trainingSet.examples, {
    ...hyperparameters,
    seed,
    embeddingRowCount,
    abilityCount: trainingSet.abilityKeys.length,
    groupCount: trainingSet.groupKeys.length,
    onEpoch: (epoch, loss) => log(`epoch ${epoch + 1}/${hyperparameters.epochs}: loss ${loss.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(1)} s)`),
  });
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
  };
}
