import type { FeaturizedPrompt } from '../features/featurize.ts';
import { featurize } from '../features/featurize.ts';
import type { TokenEncoder } from '../features/create-token-encoder.ts';

/** A featurized prompt with bucket ids as plain int32 (training never needs BigInt). */
export interface TrainingFeatures {
  readonly bucketIds: Int32Array;
  readonly features: Float32Array;
  readonly inputTokens: number;
}

/** Prompt text → features; share one between trainings on the same prompts to featurize once. */
export type TrainingFeatureCache = Map<string, TrainingFeatures>;

export function toTrainingFeatures(featurized: FeaturizedPrompt): TrainingFeatures {
  // Bucket ids are < 2^31: the low 32-bit word of each little-endian int64 is the id.
  const words = new Int32Array(featurized.tokenIds.buffer, featurized.tokenIds.byteOffset, featurized.tokenIds.length * 2);
  const bucketIds = new Int32Array(featurized.tokenIds.length);
  for (let index = 0; index < bucketIds.length; index += 1) bucketIds[index] = words[2 * index]!;
  return { bucketIds, features: featurized.features, inputTokens: featurized.inputTokens };
}

export function featurizeForTraining(prompt: string, encoder: TokenEncoder, cache: TrainingFeatureCache): TrainingFeatures {
  let features = cache.get(prompt);
  if (!features) {
    features = toTrainingFeatures(featurize(prompt, encoder));
    cache.set(prompt, features);
  }
  return features;
}
