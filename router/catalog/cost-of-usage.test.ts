import { describe, expect, it } from 'vitest';
import { costOfUsage } from './cost-of-usage.ts';
import { mergeModelPrice, type ModelPrice } from './model-price.ts';

const sonnet: ModelPrice = { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75, cache_write_1h: 6 };

describe('costOfUsage', () => {
  it('a Claude Code–like turn: 20k cached prompt, 500 fresh tokens, 300 out costs 0.012 USD, not 0.066', () => {
    const usage = { inputTokens: 20_500, cachedInputTokens: 20_000, outputTokens: 300 };
    // 500 × 3 + 20,000 × 0.3 + 300 × 15 = 12,000 µUSD.
    expect(costOfUsage(sonnet, usage)).toBeCloseTo(0.012, 10);
    expect(costOfUsage({ input: 3, output: 15 }, usage)).toBeCloseTo(0.0660, 10);
  });

  it('cache writes: 5-minute at cache_write, 1-hour at cache_write_1h', () => {
    const usage = { inputTokens: 30_000, cacheCreationInputTokens: 30_000, cacheCreation1hInputTokens: 10_000, outputTokens: 0 };
    // 20,000 × 3.75 + 10,000 × 6 = 135,000 µUSD.
    expect(costOfUsage(sonnet, usage)).toBeCloseTo(0.135, 10);
  });

  it('reasoning tokens are output tokens already: billed once, as output', () => {
    expect(costOfUsage({ input: 2.5, output: 15 }, { inputTokens: 1000, outputTokens: 2000, reasoningTokens: 1500 })).toBeCloseTo((1000 * 2.5 + 2000 * 15) / 1e6, 10);
  });

  it('a cache price nobody published is the input price; a 1-hour write without one costs a 5-minute write', () => {
    const usage = { inputTokens: 1000, cachedInputTokens: 400, cacheCreationInputTokens: 200, cacheCreation1hInputTokens: 100, outputTokens: 10 };
    expect(costOfUsage({ input: 1, output: 2 }, usage)).toBeCloseTo((1000 * 1 + 10 * 2) / 1e6, 10);
    expect(costOfUsage({ input: 1, output: 2, cache_write: 1.25 }, usage)).toBeCloseTo((400 + 400 + 200 * 1.25 + 20) / 1e6, 10);
  });
});

describe('mergeModelPrice', () => {
  it('config fields win; cache prices it leaves out come from the catalog', () => {
    expect(mergeModelPrice({ input: 2, output: 10 }, sonnet)).toEqual({ input: 2, output: 10, cache_read: 0.3, cache_write: 3.75, cache_write_1h: 6 });
    expect(mergeModelPrice({ input: 2, output: 10, cache_read: 0.1 }, sonnet)).toMatchObject({ cache_read: 0.1 });
    expect(mergeModelPrice(undefined, sonnet)).toBe(sonnet);
    expect(mergeModelPrice(undefined, undefined)).toBeUndefined();
  });
});
