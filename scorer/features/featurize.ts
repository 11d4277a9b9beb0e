import type { EncodedPiece, TokenEncoder } from './create-token-encoder.ts';
import { headCharacterCap, headTokenCap, tailCharacterCap, tailTokenCap } from './featurizer-constants.ts';
import { hashTokenBuckets } from './hash-token-buckets.ts';
import { forEachPiece } from './pre-tokenize.ts';
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

function encode(text: string, encoder: TokenEncoder): { tokens: number[]; pieces: EncodedPiece[] } {
  const tokens: number[] = [];
  const pieces: EncodedPiece[] = [];
  forEachPiece(text, (start, end) => {
    const piece = encoder.encodeRange(text, start, end);
    pieces.push(piece);
    for (let index = 0; index < piece.tokens.length; index += 1) tokens.push(piece.tokens[index]!);
  });
  return { tokens, pieces };
}

/**
 * Turns a prompt into model inputs at bounded cost, whatever the prompt size: at most the first
 * 2,048 and the last 2,048 characters are tokenized (cl100k_base); of those tokens the first 256
 * and the last 256 are hashed into embedding buckets. Training and runtime both call this one
 * function.
 */
export function featurize(text: string, encoder: TokenEncoder): FeaturizedPrompt {
  const characterCap = headCharacterCap + tailCharacterCap;
  if (text.length <= characterCap) {
    const { tokens, pieces } = encode(text, encoder);
    const segments = tokens.length <= headTokenCap + tailTokenCap
      ? [tokens]
      : [tokens.slice(0, headTokenCap), tokens.slice(tokens.length - tailTokenCap)];
    return { tokenIds: hashTokenBuckets(segments), features: textFeatures(text, pieces, text.length, tokens.length), inputTokens: tokens.length };
  }
  const { tokens: headTokens, pieces: headPieces } = encode(text.slice(0, headCharacterCap), encoder);
  const { tokens: tailTokens, pieces: tailPieces } = encode(text.slice(text.length - tailCharacterCap), encoder);
  const inputTokens = Math.round(((headTokens.length + tailTokens.length) * text.length) / characterCap);
  const segments = [headTokens.slice(0, headTokenCap), tailTokens.slice(Math.max(0, tailTokens.length - tailTokenCap))];
  const sample = text.slice(0, headCharacterCap) + text.slice(text.length - tailCharacterCap);
  return { tokenIds: hashTokenBuckets(segments), features: textFeatures(sample, [...headPieces, ...tailPieces], text.length, inputTokens), inputTokens };
}
