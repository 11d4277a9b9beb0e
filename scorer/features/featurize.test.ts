import { get_encoding } from 'tiktoken';
import { afterAll, describe, expect, it } from 'vitest';
import { createTokenEncoder } from './create-token-encoder.ts';
import { featurize } from './featurize.ts';
import { biasBucket, bucketCount, headTokenCap, tailTokenCap } from './featurizer-constants.ts';
import { maxPieceLength, preTokenize } from './pre-tokenize.ts';
import { textFeatureCount } from './text-features.ts';

const encoder = createTokenEncoder();
const reference = get_encoding('cl100k_base');
afterAll(() => {
  encoder.free();
  reference.free();
});

const samples = [
  "It's what I'LL say: 'hello', they've   said\n\n  twice.\r\n\tTabs\tand  spaces  ",
  'def add(a, b):\n    return a + b  # 12345678 numbers\n\n\n',
  'Question: Which is larger, 3/4 or 0.7?\nA) 3/4\nB) 0.7\nAnswer:',
  'Ünïcödé text — with “quotes” and emoji 🚀 falls back to the regex.',
  '   leading spaces, trailing newline\n',
  "'s 'S 'Ll 've x'RE !!!\n\n?? ",
];

describe('featurize', () => {
  it('pre-tokenizes and encodes exactly as tiktoken cl100k_base', () => {
    for (const text of samples) {
      const ours = preTokenize(text).flatMap((piece) => [...encoder.encodePiece(piece).tokens]);
      expect(ours).toEqual([...reference.encode_ordinary(text)]);
    }
  });

  it('returns bucket ids in range, the bias bucket first, and F features', () => {
    const result = featurize(samples[2]!, encoder);
    expect(result.tokenIds[0]).toBe(BigInt(biasBucket));
    for (const id of result.tokenIds.slice(1)) expect(id >= 0n && id < BigInt(bucketCount)).toBe(true);
    expect(result.features).toHaveLength(textFeatureCount);
    expect(result.inputTokens).toBe(reference.encode_ordinary(samples[2]!).length);
  });

  it('caps the work for a huge prompt and extrapolates its token count', () => {
    const text = 'lorem ipsum dolor sit amet '.repeat(40_000);
    const result = featurize(text, encoder);
    const cappedTokens = headTokenCap + tailTokenCap;
    expect(result.tokenIds.length).toBe(1 + cappedTokens * 2 - 2);
    expect(result.inputTokens).toBeGreaterThan(150_000);
  });

  it('cuts pieces longer than maxPieceLength (bounded byte-pair cost), ASCII and non-ASCII alike', () => {
    let state = 7;
    const letters = Array.from({ length: 3_000 }, () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return String.fromCharCode(97 + (state % 26));
    }).join('');
    for (const text of [letters, `é${letters}`, '😀'.repeat(100)]) {
      const pieces = preTokenize(text);
      expect(pieces.join('')).toBe(text);
      for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(maxPieceLength);
      // No lone surrogates: every piece round-trips through UTF-8.
      for (const piece of pieces) expect(Buffer.from(piece, 'utf8').toString('utf8')).toBe(piece);
    }
  });

  it('gives an empty prompt just the bias bucket', () => {
    const result = featurize('', encoder);
    expect([...result.tokenIds]).toEqual([BigInt(biasBucket)]);
    expect(result.inputTokens).toBe(0);
  });
});
