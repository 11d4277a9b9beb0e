import { createHash } from 'node:crypto';
import type { TrainingFeatures } from './featurize-for-training.ts';

/** What the model was trained on, in one hash: see `featurizerFingerprint`. */
export interface FeaturizerFingerprint {
  /** Prompts hashed: every train-split prompt of the training datasets, in file order. */
  readonly prompts: number;
  readonly sha256: string;
}

/**
 * A sha256 over the featurizer's output (bucket ids, features, token count) for every training
 * prompt, in order. Written to the manifest at training time and recomputed by a test, so a change
 * to the featurizer that would feed the shipped model inputs it was not trained on (a tokenizer
 * edge case, a feature's rounding) fails the build instead of silently shifting every score.
 */
export function featurizerFingerprint(featurized: Iterable<TrainingFeatures>): FeaturizerFingerprint {
  const hash = createHash('sha256');
  let prompts = 0;
  const tokenCount = new Float64Array(1);
  for (const { bucketIds, features, inputTokens } of featurized) {
    hash.update(new Uint8Array(bucketIds.buffer, bucketIds.byteOffset, bucketIds.byteLength));
    hash.update(new Uint8Array(features.buffer, features.byteOffset, features.byteLength));
    tokenCount[0] = inputTokens;
    hash.update(new Uint8Array(tokenCount.buffer));
    prompts += 1;
  }
  return { prompts, sha256: hash.digest('hex') };
}
