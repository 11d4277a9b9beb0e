import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { catalogFileSchema, manifestAbilitiesSchema, type CatalogEntry } from './catalog-schema.ts';
import { fitPriceToQuality } from './fit-price-to-quality.ts';
import { fitQualityToAbility } from './fit-quality-to-ability.ts';
import type { FittedLine } from './fit-line.ts';
import { normalizeModelName } from './normalize-model-name.ts';

/** The catalog, the scorer's measured abilities, and the two fits that fill the gaps. */
export interface ModelCatalog {
  readonly asOf: string;
  readonly entries: readonly CatalogEntry[];
  /** By catalog name, alias, or provider id (normalized; a `vendor/` prefix may be left off). */
  lookup(name: string): CatalogEntry | undefined;
  /** Manifest ability by catalog name: the mean over the dataset families that measured it. */
  readonly abilities: ReadonlyMap<string, number>;
  /** IRT slope k of quality = sigmoid(k · (ability − logit)). */
  readonly slope: number;
  readonly qualityToAbility: FittedLine;
  readonly priceToQuality: FittedLine;
}

export const defaultCatalogPath = fileURLToPath(new URL('../../models/catalog.yaml', import.meta.url));
export const defaultManifestPath = fileURLToPath(new URL('../../models/manifest.json', import.meta.url));

function readAbilities(manifestPath: string): { abilities: Map<string, number>; slope: number } {
  const manifest = manifestAbilitiesSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  const sums = new Map<string, { total: number; count: number }>();
  for (const family of Object.values(manifest.irt.abilities)) {
    for (const [model, ability] of Object.entries(family)) {
      const sum = sums.get(model) ?? { total: 0, count: 0 };
      sums.set(model, { total: sum.total + ability, count: sum.count + 1 });
    }
  }
  const abilities = new Map([...sums].map(([model, { total, count }]) => [model, total / count]));
  return { abilities, slope: manifest.irt.slope };
}

/** Builds a catalog from already-read texts (tests pass their own). */
export function buildModelCatalog(catalogText: string, manifestAbilities: { abilities: Map<string, number>; slope: number }, source = 'catalog'): ModelCatalog {
  const parsed = catalogFileSchema.safeParse(parse(catalogText));
  if (!parsed.success) throw new Error(`${source}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const entries: CatalogEntry[] = Object.entries(parsed.data.models).map(([name, entry]) => Object.freeze({ ...entry, name }));
  const byKey = new Map<string, CatalogEntry>();
  for (const entry of entries) {
    for (const key of [entry.name, ...(entry.aliases ?? [])]) {
      byKey.set(normalizeModelName(key), entry);
      const base = key.split('/').pop()!;
      if (!byKey.has(normalizeModelName(base))) byKey.set(normalizeModelName(base), entry);
    }
  }
  const abilities = new Map([...manifestAbilities.abilities].filter(([name]) => entries.some((entry) => entry.name === name)));
  return Object.freeze({
    asOf: parsed.data.as_of,
    entries,
    lookup: (name: string) => byKey.get(normalizeModelName(name)) ?? byKey.get(normalizeModelName(name.split('/').pop()!)),
    abilities,
    slope: manifestAbilities.slope,
    qualityToAbility: fitQualityToAbility(entries, abilities),
    // Prices of the 2023-era dataset models belong to another market: the price fit uses current models.
    priceToQuality: fitPriceToQuality(entries.filter((entry) => !abilities.has(entry.name))),
  });
}

const cache = new Map<string, ModelCatalog>();

/** Reads models/catalog.yaml and models/manifest.json once per process (config compile time). */
export function loadModelCatalog(catalogPath = defaultCatalogPath, manifestPath = defaultManifestPath): ModelCatalog {
  const key = `${catalogPath}\n${manifestPath}`;
  let catalog = cache.get(key);
  if (catalog === undefined) {
    catalog = buildModelCatalog(readFileSync(catalogPath, 'utf8'), readAbilities(manifestPath), catalogPath);
    cache.set(key, catalog);
  }
  return catalog;
}

export { readAbilities as readManifestAbilities };
