import { describe, expect, it } from 'vitest';
import { pairRoutingMetrics, routingOrder, type PairItem } from './pair-routing-metrics.ts';

// Four prompts; only prompt 0 gains from the strong model (strong 1 / weak 0), the others tie.
const items: PairItem[] = [
  { score: 0.9, strongQuality: 1, weakQuality: 0 },
  { score: 0.5, strongQuality: 1, weakQuality: 1 },
  { score: 0.3, strongQuality: 0, weakQuality: 0 },
  { score: 0.1, strongQuality: 1, weakQuality: 1 },
];
const tieBreak = [0, 1, 2, 3];

describe('pairRoutingMetrics', () => {
  it('gives the perfect router PGR 1 after its first quarter of strong calls', () => {
    const metrics = pairRoutingMetrics(items, routingOrder(items, tieBreak));
    // PGR rises linearly from 0 to 1 over x in [0, 0.25], then stays at 1: area = 0.125 + 0.75.
    expect(metrics.apgr).toBeCloseTo(0.875, 6);
    expect(metrics.cpt50).toBeCloseTo(0.125, 6);
    expect(metrics.cpt80).toBeCloseTo(0.2, 6);
    expect(metrics.curve[25]).toBeCloseTo(1, 9);
  });

  it('gives the worst router PGR 0 until its last quarter', () => {
    const reversed = items.map((item) => ({ ...item, score: -item.score }));
    const metrics = pairRoutingMetrics(reversed, routingOrder(reversed, tieBreak));
    // PGR is 0 on [0, 0.75] then rises linearly to 1: area = 0.125.
    expect(metrics.apgr).toBeCloseTo(0.125, 6);
    expect(metrics.cpt50).toBeCloseTo(0.875, 6);
  });

  it('honours per-prompt weights (bootstrap counts)', () => {
    // Dropping prompt 3 and doubling prompt 0: the gain sits in the first 2 of 4 units of mass.
    const metrics = pairRoutingMetrics(items, routingOrder(items, tieBreak), [2, 1, 1, 0]);
    expect(metrics.apgr).toBeCloseTo(0.75, 6);
    expect(metrics.cpt50).toBeCloseTo(0.25, 6);
  });
});
