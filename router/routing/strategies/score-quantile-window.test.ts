import { describe, expect, it } from 'vitest';
import { ScoreQuantileWindow } from './score-quantile-window.ts';

describe('score quantile window', () => {
  it('cuts so that the share of the window at or above the cut is the share asked for', () => {
    const window = new ScoreQuantileWindow(100);
    for (let value = 1; value <= 100; value += 1) window.observe(value);
    expect(window.cutForShare(0.3)).toBe(71); // 71..100: 30 of 100
    expect(window.cutForShare(0.5)).toBe(51);
    expect(window.cutForShare(0.01)).toBe(100);
    expect(window.cutForShare(0)).toBe(Number.POSITIVE_INFINITY);
    expect(window.cutForShare(1)).toBe(Number.NEGATIVE_INFINITY);
    expect(new ScoreQuantileWindow(10).cutForShare(0.5)).toBe(Number.NEGATIVE_INFINITY); // empty: everything goes the capable way
  });

  it('keeps only the last `capacity` scores, so the cut follows a drifting stream', () => {
    const window = new ScoreQuantileWindow(50);
    for (let index = 0; index < 200; index += 1) window.observe(index < 100 ? index % 10 : 100 + (index % 10));
    expect(window.size).toBe(50);
    expect(window.observed).toBe(200);
    expect(window.cutForShare(0.5)).toBeGreaterThanOrEqual(100); // nothing of the first regime is left
  });

  it('starts from its prior and replaces it one for one with live scores', () => {
    const window = new ScoreQuantileWindow(1000, Array.from({ length: 10 }, (_, index) => index)); // prior 0..9
    expect(window.cutForShare(0.5)).toBe(5);
    for (let index = 0; index < 5; index += 1) window.observe(100);
    expect(window.size).toBe(10); // 5 prior (5..9) + 5 live
    expect(window.cutForShare(0.5)).toBe(100);
    for (let index = 0; index < 5; index += 1) window.observe(200);
    expect(window.size).toBe(10); // prior gone
    expect(window.cutForShare(0.5)).toBe(200);
    window.observe(300);
    expect(window.size).toBe(11); // then it grows to its capacity
  });

  it('ignores non-finite scores and refuses a bad capacity', () => {
    const window = new ScoreQuantileWindow(10);
    window.observe(Number.NaN);
    expect(window.observed).toBe(0);
    expect(() => new ScoreQuantileWindow(0)).toThrow(RangeError);
  });
});
