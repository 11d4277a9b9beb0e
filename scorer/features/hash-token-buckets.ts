import { endianness } from 'node:os';
import { biasBucket, bucketCount } from './featurizer-constants.ts';

if (endianness() !== 'LE') throw new Error('hashTokenBuckets assumes a little-endian platform');

/** A 32-bit integer mix (murmur3's finalizer); deterministic across platforms. */
function mix32(value: number): number {
  let hash = value | 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85eb_ca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2_ae35);
  return hash ^ (hash >>> 16);
}

const bucketMask = bucketCount - 1;

const unigramSeed = 0x2545_f491;
const bigramSeed = 0x6a09_e667;

/** Bucket of a single token id, in [0, bucketCount). */
export function unigramBucket(tokenId: number): number {
  return mix32(tokenId ^ unigramSeed) & bucketMask;
}

/** Bucket of an ordered pair of adjacent token ids, in [0, bucketCount). */
export function bigramBucket(previousTokenId: number, tokenId: number): number {
  return mix32(Math.imul(previousTokenId ^ bigramSeed, 0x9e37_79b1) ^ tokenId) & bucketMask;
}

/**
 * The embedding-bag ids of a token sequence: the bias bucket, every token's unigram bucket and
 * every adjacent pair's bigram bucket. `segments` are kept apart so no bigram spans the gap between
 * the head and the tail of a capped prompt.
 */
export function hashTokenBuckets(segments: readonly ArrayLike<number>[]): BigInt64Array {
  let length = 1;
  for (const segment of segments) length += segment.length * 2 - (segment.length > 0 ? 1 : 0);
  const buckets = new BigInt64Array(length);
  // Bucket ids are small and non-negative: write the low 32-bit word of each int64 directly
  // (little-endian view; the high words stay 0), avoiding a BigInt allocation per token.
  const words = new Uint32Array(buckets.buffer);
  words[0] = biasBucket;
  let position = 1;
  for (const segment of segments) {
    for (let index = 0; index < segment.length; index += 1) {
      const tokenId = segment[index]!;
      words[2 * position++] = unigramBucket(tokenId);
      if (index > 0) words[2 * position++] = bigramBucket(segment[index - 1]!, tokenId);
    }
  }
  return buckets;
}
