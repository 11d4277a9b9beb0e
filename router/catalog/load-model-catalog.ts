import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

// `#models/…` is package.json's "imports" map: the same path from the sources and from dist/.
const resolvePackagePath = createRequire(import.meta.url).resolve;
export const defaultCatalogPath = resolvePackagePath('#models/catalog.yaml');
export const defaultManifestPath = resolvePackagePath('#models/manifest.json');

/**
 * The dataset families whose abilities anchor the catalog's quality → ability fit. LLMRouter's are
 * left out: its labels are noisy (datasets/README.md), and two of its models (ChatQA, which answers
 * out of the benchmark format) sit at abilities near −3.3, which alone took the fit's R² from 0.64
 * to 0.07 and put every catalog model ~0.7 logits below the models the scorer measured.
 */
export const abilityFitFamilies: readonly string[] = ['routerbench_subset', 'routellm_gpt4_vs_mixtral'];

export interface ManifestAbilities {
  /** Per model: the mean over the families that measured it. */
  abilities: Map<string, number>;
  /** The same over `abilityFitFamilies` only: what the quality → ability fit uses. */
  fitAbilities: Map<string, number>;
  slope: number;
}

function meanAbilities(families: ReadonlyArray<Record<string, number>>): Map<string, number> {
  const sums = new Map<string, { total: number; count: number }>();
  for (const family of families) {
    for (const [model, ability] of Object.entries(family)) {
      const sum = sums.get(model) ?? { total: 0, count: 0 };
      sums.set(model, { total: sum.total + ability, count: sum.count + 1 });
    }
  }
  return new Map([...sums].map(([model, { total, count }]) => [model, total / count]));
}

function readAbilities(manifestPath: string): ManifestAbilities {
  const manifest = manifestAbilitiesSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  const families = manifest.irt.abilities;
  return {
    abilities: meanAbilities(Object.values(families)),
    fitAbilities: meanAbilities(abilityFitFamilies.flatMap((name) => (families[name] === undefined ? [] : [families[name]]))),
    slope: manifest.irt.slope,
  };
}

/** Builds a catalog from already-read texts (tests pass their own). */
export function buildModelCatalog(catalogText: string, manifestAbilities: ManifestAbilities, source = 'catalog'): ModelCatalog {
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
    qualityToAbility: fitQualityToAbility(entries, manifestAbilities.fitAbilities),
    // Prices of older models (the dataset models, `legacy` entries) belong to another market: the price fit uses current models.
    priceToQuality: fitPriceToQuality(entries.filter((entry) => !abilities.has(entry.name) && entry.legacy !== true)),
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
