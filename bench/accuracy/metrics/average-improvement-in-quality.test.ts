import { describe, expect, it } from 'vitest';
import { averageImprovementInQuality, nonDecreasingConvexHull } from './average-improvement-in-quality.ts';

describe('nonDecreasingConvexHull', () => {
  it('drops dominated and below-hull points', () => {
    const hull = nonDecreasingConvexHull([
      { cost: 1, quality: 0.5 },
      { cost: 2, quality: 0.55 }, // under the segment (1, 0.5)–(3, 0.9)
      { cost: 3, quality: 0.9 },
      { cost: 4, quality: 0.8 }, // costlier and worse: dominated
      { cost: 5, quality: 0.95 },
    ]);
    expect(hull).toEqual([{ cost: 1, quality: 0.5 }, { cost: 3, quality: 0.9 }, { cost: 5, quality: 0.95 }]);
  });
});

describe('averageImprovementInQuality', () => {
  it('integrates the hull, extended flat to the maximum cost, over the maximum cost', () => {
    // Trapezoid (1→3): 2 · 0.7 = 1.4; flat (3→10) at 0.9: 6.3; total 7.7 / 10.
    const aiq = averageImprovementInQuality([{ cost: 1, quality: 0.5 }, { cost: 3, quality: 0.9 }], 10);
    expect(aiq).toBeCloseTo(0.77, 9);
  });

  it('scores a single model as its quality times the share of the cost range it covers', () => {
    expect(averageImprovementInQuality([{ cost: 2, quality: 0.8 }], 10)).toBeCloseTo(0.64, 9);
    expect(averageImprovementInQuality([{ cost: 10, quality: 0.8 }], 10)).toBe(0);
  });
});
