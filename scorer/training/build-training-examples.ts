import type { RoutingRow } from '../../datasets/routing-row.ts';
import type { TokenEncoder } from '../features/create-token-encoder.ts';
import { featurizeForTraining, type TrainingFeatureCache } from './featurize-for-training.ts';
import type { TrainingExample } from './training-example.ts';
import { easyPriorPromptWeight, easyPriorPrompts } from './easy-prior-prompts.ts';
import { hardPriorPromptWeight, hardPriorPrompts } from './hard-prior-prompts.ts';

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
  /** Add the hand-written hard prior (`hard-prior-prompts.ts`): every training model scores 0. */
  hardPrior?: boolean;
  /** Weight of each hard-prior prompt in average training prompts (default `hardPriorPromptWeight`). */
  hardPriorWeight?: number;
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
    const { bucketIds, features } = featurizeForTraining(row.prompt, encoder, cache);
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
  // A prior prompt: every (dataset, model) ability seen above scores `score` on it; per-dataset
  // balance gives an average prompt weight 1, so each prior prompt weighs `weight` prompts.
  const addPrior = (prompts: readonly string[], score: number, weight: number, group: number | undefined) => {
    for (const prompt of prompts) {
      const { bucketIds, features } = featurizeForTraining(prompt, encoder, cache);
      const outcomes = abilityKeys.map((_, ability) => ({ ability, score, weight: weight / abilityKeys.length }));
      examples.push({ bucketIds, features, outcomes, group });
    }
  };
  if (options.easyPrior) {
    addPrior(easyPriorPrompts, 1, easyPriorPromptWeight, options.sourceOffsets ? (groupKeys.push('easy-prior'), groupKeys.length - 1) : undefined);
  }
  // No source offset for the hard prior: the hardness must be carried by the text model.
  if (options.hardPrior === true) addPrior(hardPriorPrompts, 0, options.hardPriorWeight ?? hardPriorPromptWeight, undefined);
  return { examples, abilityKeys, groupKeys };
}
