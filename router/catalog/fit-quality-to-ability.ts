import type { CatalogEntry } from './catalog-schema.ts';
import { fitLine, type FittedLine } from './fit-line.ts';

/**
 * The map from catalog quality (0-100) to the scorer's IRT ability scale:
 * ability ≈ intercept + slope · quality, least squares over the catalog models the trained scorer
 * measured (a manifest ability and a catalog quality). Then for any model
 * quality_m(prompt) = sigmoid(k · (ability_m − logit)).
 */
export function fitQualityToAbility(entries: readonly CatalogEntry[], abilities: ReadonlyMap<string, number>): FittedLine {
  const points = entries
    .filter((entry) => abilities.has(entry.name))
    .map((entry) => [entry.quality, abilities.get(entry.name)!] as const);
  return fitLine(points);
}

export function abilityFromQuality(fit: FittedLine, quality: number): number {
  return fit.intercept + fit.slope * quality;
}
