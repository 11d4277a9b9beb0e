import type { TokenEncoder } from './create-token-encoder.ts';
import { EncodedText } from './encoded-text.ts';
import { headCharacterCap, headTokenCap, tailCharacterCap, tailTokenCap } from './featurizer-constants.ts';
import { hashTokenBuckets } from './hash-token-buckets.ts';
import { textFeatures } from './text-features.ts';

/** What the difficulty model consumes for one prompt. */
export interface FeaturizedPrompt {
  /** Embedding-bag bucket ids (int64 [n], n >= 1): bias bucket, unigram and bigram hashes. */
  readonly tokenIds: BigInt64Array;
  /** Raw cheap text features (float32 [F]); see `textFeatureNames`. */
  readonly features: Float32Array;
  /** Prompt length in cl100k tokens: exact up to the character cap, extrapolated beyond it. */
  readonly inputTokens: number;
}

/** Reused by every call on this thread (featurize is synchronous, so never by two at once). */
const encoded = new EncodedText();

/**
 * Turns a prompt into model inputs at bounded cost, whatever the prompt size: at most the first
 * 2,048 and the last 2,048 characters are tokenized (cl100k_base); of those tokens the first 256
 * and the last 256 are hashed into embedding buckets. Training and runtime both call this one
 * function.
 */
export function featurize(text: string, encoder: TokenEncoder): FeaturizedPrompt {
  const { capped, headCount, inputTokens, sample } = encodeCapped(text, encoder);
  const { tokens, tokenCount } = encoded;
  const segments = !capped
    ? tokenCount <= headTokenCap + tailTokenCap
      ? [tokens.subarray(0, tokenCount)]
      : [tokens.subarray(0, headTokenCap), tokens.subarray(tokenCount - tailTokenCap, tokenCount)]
    : [tokens.subarray(0, Math.min(headTokenCap, headCount)), tokens.subarray(Math.max(headCount, tokenCount - tailTokenCap), tokenCount)];
  return { tokenIds: hashTokenBuckets(segments), features: textFeatures(sample, encoded, text.length, inputTokens), inputTokens };
}

/** The prompt length in cl100k tokens as `featurize` reports it (exact up to the character cap, extrapolated beyond), without the model inputs. */
export function countInputTokens(text: string, encoder: TokenEncoder): number {
  return encodeCapped(text, encoder).inputTokens;
}

/**
 * Encodes `text` into the shared buffer: whole when it fits the character cap, else its first and
 * last characters (`capped`; then the first `headCount` tokens are the head's). `sample` is the text that was encoded.
 */
function encodeCapped(text: string, encoder: TokenEncoder): { capped: boolean; headCount: number; inputTokens: number; sample: string } {
  const characterCap = headCharacterCap + tailCharacterCap;
  encoded.reset();
  if (text.length <= characterCap) {
    encoder.encodeInto(text, encoded);
    return { capped: false, headCount: encoded.tokenCount, inputTokens: encoded.tokenCount, sample: text };
  }
  const head = text.slice(0, headCharacterCap);
  const tail = text.slice(text.length - tailCharacterCap);
  encoder.encodeInto(head, encoded);
  const headCount = encoded.tokenCount;
  encoder.encodeInto(tail, encoded);
  return { capped: true, headCount, inputTokens: Math.round((encoded.tokenCount * text.length) / characterCap), sample: head + tail };
}
