import type { RoutingRow } from '../../datasets/routing-row.ts';
import type { TokenEncoder } from '../features/create-token-encoder.ts';
import { biasBucket } from '../features/featurizer-constants.ts';
import { featurizeForTraining, type TrainingFeatureCache, type TrainingFeatures } from './featurize-for-training.ts';
import type { TrainingExample } from './training-example.ts';
import { easyPriorPromptWeight, easyPriorPrompts } from './easy-prior-prompts.ts';

/** A model's ability parameter is per dataset: names differ across datasets and scales may too. */
export interface AbilityKey {
  readonly dataset: string;
  readonly model: string;
}

export interface TrainingSet {
  readonly examples: TrainingExample[];
  readonly abilityKeys: AbilityKey[];
  /** `dataset/source` per group index (empty unless `sourceOffsets`). */
  readonly groupKeys: string[];
}

export interface BuildTrainingSetOptions {
  /**
   * `per-dataset`: every dataset contributes the same total weight whatever its size;
   * `per-prompt`: every prompt weighs the same. Within a prompt the weight is split across models.
   */
  balance: 'per-dataset' | 'per-prompt';
  /** Tag examples with their (dataset, source) group for per-group difficulty offsets. */
  sourceOffsets: boolean;
  /** Add the hand-written easy prior (`easy-prior-prompts.ts`): every training model scores 1. */
  easyPrior: boolean;
  /** false: train on the text features alone (every prompt's bag is just the bias row); see `train`. */
  tokenBuckets: boolean;
}

const biasOnly = Int32Array.of(biasBucket);

function withBuckets(features: TrainingFeatures, options: BuildTrainingSetOptions): TrainingFeatures {
  return options.tokenBuckets ? features : { ...features, bucketIds: biasOnly };
}

/** Turns train-split rows into featurized training examples with one ability index per (dataset, model). */
export function buildTrainingSet(
  rows: readonly RoutingRow[],
  encoder: TokenEncoder,
  cache: TrainingFeatureCache,
  options: BuildTrainingSetOptions,
): TrainingSet {
  const abilityKeys: AbilityKey[] = [];
  const abilityIndex = new Map<string, number>();
  const promptsPerDataset = new Map<string, number>();
  for (const row of rows) {
    if (row.split !== 'train') throw new Error(`row ${row.dataset}/${row.id} is not a train row: the trainer never sees test rows`);
    promptsPerDataset.set(row.dataset, (promptsPerDataset.get(row.dataset) ?? 0) + 1);
  }
  const meanPrompts = rows.length / Math.max(1, promptsPerDataset.size);
  const groupKeys: string[] = [];
  const groupIndex = new Map<string, number>();
  const groupOf = (row: RoutingRow): number | undefined => {
    if (!options.sourceOffsets) return undefined;
    const key = `${row.dataset}/${row.source}`;
    let index = groupIndex.get(key);
    if (index === undefined) {
      index = groupKeys.length;
      groupIndex.set(key, index);
      groupKeys.push(key);
    }
    return index;
  };
  const examples = rows.map((row): TrainingExample => {
    const { bucketIds, features } = withBuckets(featurizeForTraining(row.prompt, encoder, cache), options);
    const models = Object.keys(row.scores).sort();
    const datasetWeight = options.balance === 'per-dataset' ? meanPrompts / promptsPerDataset.get(row.dataset)! : 1;
    const outcomes = models.map((model) => {
      const key = `${row.dataset}\u0000${model}`;
      let ability = abilityIndex.get(key);
      if (ability === undefined) {
        ability = abilityKeys.length;
        abilityIndex.set(key, ability);
        abilityKeys.push({ dataset: row.dataset, model });
      }
      return { ability, score: row.scores[model]!, weight: datasetWeight / models.length };
    });
    return { bucketIds, features, outcomes, group: groupOf(row) };
  });
  if (options.easyPrior) {
    // Every (dataset, model) ability seen above succeeds on each prior prompt; per-dataset balance
    // gives an average prompt weight 1, so each prior prompt weighs `easyPriorPromptWeight` prompts.
    const priorGroup = options.sourceOffsets ? (groupKeys.push('easy-prior'), groupKeys.length - 1) : undefined;
    for (const prompt of easyPriorPrompts) {
      const { bucketIds, features } = withBuckets(featurizeForTraining(prompt, encoder, cache), options);
      const outcomes = abilityKeys.map((_, ability) => ({ ability, score: 1, weight: easyPriorPromptWeight / abilityKeys.length }));
      examples.push({ bucketIds, features, outcomes, group: priorGroup });
    }
  }
  return { examples, abilityKeys, groupKeys };
}
