import { get_encoding } from 'tiktoken';
import { afterAll, describe, expect, it } from 'vitest';
import { createTokenCounter } from './create-token-counter.ts';

describe('createTokenCounter (cl100k_base in a worker thread)', () => {
  const counter = createTokenCounter();
  const reference = get_encoding('cl100k_base');
  afterAll(async () => {
    reference.free();
    await counter.close();
  });

  it('counts exactly what tiktoken counts on the main thread, summed over the texts', async () => {
    const texts = ['Hello world', '', '{"city":"Paris"}', 'naïve café — 日本語 😀', 'x'.repeat(10_000)];
    const expected = texts.reduce((sum, text) => sum + reference.encode_ordinary(text).length, 0);
    expect(await counter.count(texts)).toBe(expected);
  });

  it('counts a 100,000-token prompt', async () => {
    const text = 'The quick brown fox jumps over the lazy dog while explaining, step by step, why 17 is prime. '.repeat(4_900);
    expect(await counter.count([text])).toBe(reference.encode_ordinary(text).length);
  });
});
