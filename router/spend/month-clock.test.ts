import { describe, expect, it } from 'vitest';
import { createMonthClock } from './month-clock.ts';

describe('createMonthClock', () => {
  it('names the month of an instant in its time zone', () => {
    const utc = createMonthClock('UTC');
    const tokyo = createMonthClock('Asia/Tokyo');
    const lastEveningOfOctober = Date.UTC(2026, 9, 31, 20, 0);
    expect(utc.monthOf(lastEveningOfOctober)).toBe('2026-10');
    expect(tokyo.monthOf(lastEveningOfOctober)).toBe('2026-11');
  });

  it('finds when the next month begins', () => {
    expect(createMonthClock('UTC').nextMonthStart(Date.UTC(2026, 10, 22, 4, 44, 12))).toBe(Date.UTC(2026, 11, 1));
    expect(createMonthClock('Asia/Kolkata').nextMonthStart(Date.UTC(2026, 1, 10))).toBe(Date.UTC(2026, 1, 28, 18, 30));
  });
});
