import { describe, expect, it } from 'vitest';
import { bootstrapIntervals } from './bootstrap-interval.ts';

describe('bootstrapIntervals', () => {
  const values = Array.from({ length: 400 }, (_, index) => index % 2);
  const mean = (weights: ArrayLike<number> | undefined) => {
    let sum = 0;
    let count = 0;
    values.forEach((value, index) => {
      const weight = weights ? weights[index]! : 1;
      sum += weight * value;
      count += weight;
    });
    return sum / count;
  };

  it('brackets the estimate with roughly ±2 standard errors and is reproducible', () => {
    const [interval] = bootstrapIntervals(values.length, (weights) => [mean(weights)], { resamples: 500 });
    expect(interval!.estimate).toBe(0.5);
    // Standard error of a mean of 400 fair coin flips: 0.025.
    expect(interval!.lower).toBeGreaterThan(0.5 - 0.07);
    expect(interval!.lower).toBeLessThan(0.5 - 0.03);
    expect(interval!.upper).toBeGreaterThan(0.5 + 0.03);
    expect(bootstrapIntervals(values.length, (weights) => [mean(weights)], { resamples: 500 })).toEqual([interval]);
  });
});
