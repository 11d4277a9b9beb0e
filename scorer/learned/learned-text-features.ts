/**
 * Hashed character n-grams of a prompt: the text half of the per-pair gain model's features.
 * Lower-cased characters, n = 3…5, FNV-1a hashed into `bucketCount` buckets, sublinear term
 * frequency (1 + ln count). A long prompt is cut to its first `headCharacters` and last
 * `tailCharacters` (few-shot prompts put the question last), so the cost per prompt is bounded.
 */
export interface NgramSettings {
  readonly bucketCount: number;
  readonly minN: number;
  readonly maxN: number;
  readonly headCharacters: number;
  readonly tailCharacters: number;
}

export const defaultNgramSettings: NgramSettings = { bucketCount: 1 << 15, minN: 3, maxN: 5, headCharacters: 1000, tailCharacters: 2000 };

/** A sparse vector: bucket ids ascending and their values. */
export interface SparseVector {
  readonly buckets: Int32Array;
  readonly values: Float32Array;
}

const fnvOffset = 0x811c9dc5;
const fnvPrime = 0x01000193;

export function cappedText(text: string, settings: NgramSettings): string {
  if (text.length <= settings.headCharacters + settings.tailCharacters) return text.toLowerCase();
  return `${text.slice(0, settings.headCharacters)}\n${text.slice(text.length - settings.tailCharacters)}`.toLowerCase();
}

/**
 * Adds 1 to `counts[bucket]` for every n-gram of `text` (already capped and lower-cased) and
 * pushes each bucket the first time it is touched onto `touched`. `counts` must be zero where
 * nothing is touched; the caller clears what it touched.
 */
export function countNgrams(text: string, settings: NgramSettings, counts: Float32Array, touched: number[]): void {
  const mask = settings.bucketCount - 1;
  const length = text.length;
  for (let start = 0; start + settings.minN <= length; start += 1) {
    let hash = fnvOffset;
    const end = Math.min(length, start + settings.maxN);
    for (let position = start; position < end; position += 1) {
      hash = Math.imul(hash ^ text.charCodeAt(position), fnvPrime);
      if (position - start + 1 >= settings.minN) {
        // Mix in the length so "abc" as a 3-gram and the 3-prefix of a 4-gram share nothing but the hash.
        const bucket = (Math.imul(hash ^ (position - start), fnvPrime) >>> 0) & mask;
        if (counts[bucket] === 0) touched.push(bucket);
        counts[bucket]! += 1;
      }
    }
  }
}

/** The sublinear term frequencies of a prompt's n-grams, as a sparse vector. */
export function ngramTermFrequencies(text: string, settings: NgramSettings, scratch: Float32Array = new Float32Array(settings.bucketCount)): SparseVector {
  const touched: number[] = [];
  countNgrams(cappedText(text, settings), settings, scratch, touched);
  touched.sort((left, right) => left - right);
  const buckets = Int32Array.from(touched);
  const values = new Float32Array(buckets.length);
  for (let index = 0; index < buckets.length; index += 1) {
    const bucket = buckets[index]!;
    values[index] = 1 + Math.log(scratch[bucket]!);
    scratch[bucket] = 0;
  }
  return { buckets, values };
}

/** Smoothed inverse document frequency per bucket: ln((1 + n) / (1 + df)) + 1. */
export function inverseDocumentFrequencies(vectors: readonly SparseVector[], bucketCount: number): Float32Array {
  const documentFrequency = new Float64Array(bucketCount);
  for (const vector of vectors) for (const bucket of vector.buckets) documentFrequency[bucket]! += 1;
  const idf = new Float32Array(bucketCount);
  for (let bucket = 0; bucket < bucketCount; bucket += 1) idf[bucket] = Math.log((1 + vectors.length) / (1 + documentFrequency[bucket]!)) + 1;
  return idf;
}

/** tf · idf, scaled to unit length (an empty prompt stays the zero vector). */
export function weightAndNormalize(vector: SparseVector, idf: Float32Array): SparseVector {
  const values = new Float32Array(vector.values.length);
  let squares = 0;
  for (let index = 0; index < values.length; index += 1) {
    const value = vector.values[index]! * idf[vector.buckets[index]!]!;
    values[index] = value;
    squares += value * value;
  }
  const scale = squares > 0 ? 1 / Math.sqrt(squares) : 0;
  for (let index = 0; index < values.length; index += 1) values[index]! *= scale;
  return { buckets: vector.buckets, values };
}
