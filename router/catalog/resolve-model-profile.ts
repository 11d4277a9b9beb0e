import type { Capabilities, Deployment } from '../config/compiled-config.ts';
import { abilityFromQuality } from './fit-quality-to-ability.ts';
import { inferQualityFromPrice } from './fit-price-to-quality.ts';
import type { ModelCatalog } from './load-model-catalog.ts';

/** Everything the smart router knows about one model, and where each number came from. */
export interface ModelProfile {
  readonly name: string;
  /** The catalog entry it matched, if any. */
  readonly catalogName: string | undefined;
  /** 0-100. */
  readonly quality: number;
  readonly qualitySource: 'config' | 'catalog' | 'price' | 'default';
  /** On the scorer's IRT scale. */
  readonly ability: number;
  readonly abilitySource: 'manifest' | 'quality';
  /** Output tokens per second. */
  readonly speed: number | undefined;
  /** USD per million tokens. */
  readonly price: { readonly input: number; readonly output: number } | undefined;
  readonly context: number | undefined;
  readonly capabilities: Capabilities;
}

/** The compiled config fills unset capabilities with these; a differing value was set by the user. */
const CONFIG_DEFAULT_CAPABILITIES: Capabilities = { streaming: true, tools: true, vision: true, json: true };

export type ProfileSource = Pick<Deployment, 'name' | 'providerModel' | 'quality' | 'speed' | 'price' | 'context' | 'maxInputTokens' | 'capabilities'>;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * A deployment's profile: config fields win, then the catalog (matched by deployment name, then
 * provider model id), then inference — quality from price (log-price fit), else the catalog
 * median. A capability the config left at its default takes the catalog's value (the compiled
 * config cannot tell "unset" from "set to the default", so an explicit default cannot override
 * the catalog).
 */
export function resolveModelProfile(source: ProfileSource, catalog: ModelCatalog): ModelProfile {
  const entry = catalog.lookup(source.name) ?? catalog.lookup(source.providerModel);
  const price = source.price ?? entry?.price;
  let quality: number;
  let qualitySource: ModelProfile['qualitySource'];
  if (source.quality !== undefined) [quality, qualitySource] = [source.quality, 'config'];
  else if (entry !== undefined) [quality, qualitySource] = [entry.quality, 'catalog'];
  else if (price !== undefined) [quality, qualitySource] = [inferQualityFromPrice(catalog.priceToQuality, price), 'price'];
  else [quality, qualitySource] = [median(catalog.entries.filter((item) => !catalog.abilities.has(item.name)).map((item) => item.quality)), 'default'];

  const measured = entry !== undefined && source.quality === undefined ? catalog.abilities.get(entry.name) : undefined;
  const capabilities = { ...source.capabilities };
  for (const key of ['tools', 'vision', 'json'] as const) {
    const fromCatalog = entry?.capabilities?.[key];
    if (fromCatalog !== undefined && source.capabilities[key] === CONFIG_DEFAULT_CAPABILITIES[key]) capabilities[key] = fromCatalog;
  }
  return Object.freeze({
    name: source.name,
    catalogName: entry?.name,
    quality,
    qualitySource,
    ability: measured ?? abilityFromQuality(catalog.qualityToAbility, quality),
    abilitySource: measured !== undefined ? 'manifest' : 'quality',
    speed: source.speed ?? entry?.speed,
    price,
    context: source.context ?? source.maxInputTokens ?? entry?.context,
    capabilities: Object.freeze(capabilities),
  });
}

/** A profile for a bare catalog name (the `score --models` command), no deployment needed. */
export function catalogModelProfile(name: string, catalog: ModelCatalog): ModelProfile | undefined {
  const entry = catalog.lookup(name);
  if (entry === undefined) return undefined;
  return resolveModelProfile(
    { name, providerModel: name, quality: undefined, speed: undefined, price: undefined, context: undefined, maxInputTokens: undefined, capabilities: CONFIG_DEFAULT_CAPABILITIES },
    catalog,
  );
}
