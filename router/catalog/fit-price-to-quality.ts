import type { CatalogEntry } from './catalog-schema.ts';
import { fitLine, type FittedLine } from './fit-line.ts';

/** Input and output price blended 3:1 (a typical chat call reads more than it writes), USD/M. */
export function blendedPrice(price: { input: number; output: number }): number {
  return (3 * price.input + price.output) / 4;
}

/**
 * Price-based quality inference for a model the catalog does not know:
 * quality ≈ intercept + slope · ln(blended price), least squares over the catalog models given
 * (the catalog passes its current models; free models are left out, ln 0 is undefined).
 * Clamped to [0, 100].
 */
export function fitPriceToQuality(entries: readonly CatalogEntry[]): FittedLine {
  const points = entries
    .filter((entry) => blendedPrice(entry.price) > 0)
    .map((entry) => [Math.log(blendedPrice(entry.price)), entry.quality] as const);
  return fitLine(points);
}

export function inferQualityFromPrice(fit: FittedLine, price: { input: number; output: number }): number {
  const blended = Math.max(blendedPrice(price), 0.01);
  return Math.min(100, Math.max(0, fit.intercept + fit.slope * Math.log(blended)));
}
