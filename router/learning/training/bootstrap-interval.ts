import { createRandom } from '../../../scorer/training/create-random.ts';

export interface BootstrapInterval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Percentile bootstrap over `sampleCount` items resampled with replacement (seeded, so reports
 * are reproducible). `statistics` receives per-item counts (undefined = the full sample) and
 * returns several statistics at once, so paired comparisons share the same resamples; the result
 * has one interval (central `level`) per statistic.
 */
export function bootstrapIntervals(
  sampleCount: number,
  statistics: (weights: ArrayLike<number> | undefined) => readonly number[],
  options: { resamples?: number; seed?: number; level?: number } = {},
): BootstrapInterval[] {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  const random = createRandom(options.seed ?? 7);
  const estimates = statistics(undefined);
  const values: number[][] = estimates.map(() => []);
  const weights = new Float64Array(sampleCount);
  for (let resample = 0; resample < resamples; resample += 1) {
    weights.fill(0);
    for (let draw = 0; draw < sampleCount; draw += 1) weights[random.integer(sampleCount)]! += 1;
    statistics(weights).forEach((value, index) => {
      if (Number.isFinite(value)) values[index]!.push(value);
    });
  }
  return estimates.map((estimate, index) => {
    const sorted = values[index]!.sort((left, right) => left - right);
    const pick = (quantile: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(quantile * sorted.length)))] ?? Number.NaN;
    return { estimate, lower: pick((1 - level) / 2), upper: pick(1 - (1 - level) / 2) };
  });
}
