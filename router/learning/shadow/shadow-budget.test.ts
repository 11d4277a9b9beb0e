import { describe, expect, it } from 'vitest';
import { ShadowBudget } from './shadow-budget.ts';

describe('ShadowBudget', () => {
  it('reserves estimates under the daily budget, settles real costs, and starts each UTC day from zero', () => {
    let now = Date.parse('2026-12-04T23:59:00Z');
    const budget = new ShadowBudget(() => now);
    const first = budget.reserve(0.4, 1)!;
    const second = budget.reserve(0.4, 1)!;
    // Two reservations in flight: a third would pass the budget.
    expect(budget.reserve(0.4, 1)).toBeUndefined();
    budget.settle(first, 0.4, 0.1);
    expect(budget.spentUsd()).toBeCloseTo(0.1);
    expect(budget.reserve(0.4, 1)).toBeDefined();
    now = Date.parse('2026-12-05T00:00:30Z');
    // A run that began yesterday counts today; today's budget is whole again.
    budget.settle(second, 0.4, 0.3);
    expect(budget.spentUsd()).toBeCloseTo(0.3);
    expect(budget.reserve(0.7, 1)).toBeDefined();
    expect(budget.reserve(0.01, 1)).toBeUndefined();
  });
});
