import { createRandom } from '../../../scorer/training/create-random.ts';

export interface BootstrapInterval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Percentile bootstrap: resamples the `sampleCount` items with replacement `resamples` times
 * (seeded, so reports are reproducible) and returns the statistic on the full sample with the
 * central `level` interval of the resampled statistics. `statistic` receives per-item counts.
 */
export function bootstrapInterval(
  sampleCount: number,
  statistic: (weights: ArrayLike<number> | undefined) => number,
  options: { resamples?: number; seed?: number; level?: number } = {},
): BootstrapInterval {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  const random = createRandom(options.seed ?? 7);
  const values: number[] = [];
  const weights = new Float64Array(sampleCount);
  for (let resample = 0; resample < resamples; resample += 1) {
    weights.fill(0);
    for (let draw = 0; draw < sampleCount; draw += 1) weights[random.integer(sampleCount)]! += 1;
    const value = statistic(weights);
    if (Number.isFinite(value)) values.push(value);
  }
  values.sort((left, right) => left - right);
  const pick = (quantile: number) => values[Math.min(values.length - 1, Math.max(0, Math.floor(quantile * values.length)))] ?? Number.NaN;
  return { estimate: statistic(undefined), lower: pick((1 - level) / 2), upper: pick(1 - (1 - level) / 2) };
}
