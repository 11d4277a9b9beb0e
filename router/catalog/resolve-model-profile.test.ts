import { describe, expect, it } from 'vitest';
import type { Deployment } from '../config/compiled-config.ts';
import { blendedPrice, inferQualityFromPrice } from './fit-price-to-quality.ts';
import { loadModelCatalog } from './load-model-catalog.ts';
import { catalogModelProfile, resolveModelProfile, type ProfileSource } from './resolve-model-profile.ts';

const catalog = loadModelCatalog();
const defaults = { streaming: true, tools: true, vision: true, json: true };
const source = (name: string, providerModel: string, fields: Partial<Deployment> = {}): ProfileSource => ({
  name, providerModel, quality: undefined, speed: undefined, price: undefined, context: undefined, maxInputTokens: undefined, capabilities: defaults, ...fields,
});

describe('model catalog and profiles', () => {
  it('finds models by catalog name, provider id (dashes, date stamps) and vendor-less name', () => {
    expect(catalog.lookup('claude-opus-4-6')?.name).toBe('claude-opus-4.6');
    expect(catalog.lookup('claude-haiku-4-5-20251001')?.name).toBe('claude-haiku-4.5');
    expect(catalog.lookup('Mixtral-8x7B-Instruct-v0.1')?.name).toBe('mistralai/Mixtral-8x7B-Instruct-v0.1');
    expect(catalog.lookup('no-such-model')).toBeUndefined();
  });

  it('fills a deployment from the catalog; config fields win', () => {
    const haiku = resolveModelProfile(source('fast', 'claude-haiku-4-5'), catalog);
    expect(haiku).toMatchObject({ catalogName: 'claude-haiku-4.5', qualitySource: 'catalog', price: { input: 1, output: 5 }, context: 200_000, abilitySource: 'quality' });
    expect(haiku.capabilities.vision).toBe(true); // catalog value; the config left the default
    const textOnly = resolveModelProfile(source("local", "glm-5"), catalog);
    expect(textOnly.capabilities.vision).toBe(false); // the catalog narrows an unset capability
    const tuned = resolveModelProfile(source('fast', 'claude-haiku-4-5', { quality: 50, price: { input: 9, output: 9 }, capabilities: { ...defaults, tools: false } }), catalog);
    expect(tuned).toMatchObject({ quality: 50, qualitySource: 'config', price: { input: 9, output: 9 } });
    expect(tuned.capabilities.tools).toBe(false);
  });

  it('uses the scorer-measured ability for dataset models, the quality fit for the others', () => {
    const gpt4 = catalogModelProfile('gpt-4-1106-preview', catalog)!;
    expect(gpt4.abilitySource).toBe('manifest');
    expect(gpt4.ability).toBe(catalog.abilities.get('gpt-4-1106-preview'));
    const opus = catalogModelProfile('claude-opus-4.6', catalog)!;
    expect(opus.ability).toBeCloseTo(catalog.qualityToAbility.intercept + catalog.qualityToAbility.slope * 93, 10);
    expect(catalog.qualityToAbility.slope).toBeGreaterThan(0); // more capable → higher ability
  });

  it('puts catalog models on the measured models\' scale (the fit leaves out the noisy family)', () => {
    // A catalog model with a measured model's catalog quality gets about its measured ability, so
    // mixing measured and catalog candidates compares like with like.
    expect(catalog.qualityToAbility.r2).toBeGreaterThan(0.5);
    for (const name of ['gpt-4-1106-preview', 'mistralai/Mixtral-8x7B-Instruct-v0.1', 'gpt-3.5-turbo-1106']) {
      const entry = catalog.lookup(name)!;
      const fitted = catalog.qualityToAbility.intercept + catalog.qualityToAbility.slope * entry.quality;
      expect(Math.abs(fitted - catalog.abilities.get(name)!), name).toBeLessThan(0.6);
    }
    // Older models are looked up by name but kept out of the price fit.
    expect(catalog.lookup('gpt-4o')).toMatchObject({ legacy: true, quality: 74 });
    expect(catalog.priceToQuality.points).toBe(catalog.entries.filter((entry) => !catalog.abilities.has(entry.name) && entry.legacy !== true).length);
  });

  it('infers the quality of an unknown model from its price, monotonically', () => {
    const cheap = resolveModelProfile(source('a', 'house-model-a', { price: { input: 0.1, output: 0.4 } }), catalog);
    const dear = resolveModelProfile(source('b', 'house-model-b', { price: { input: 10, output: 40 } }), catalog);
    expect(cheap.qualitySource).toBe('price');
    expect(dear.quality).toBeGreaterThan(cheap.quality);
    expect(cheap.quality).toBeCloseTo(inferQualityFromPrice(catalog.priceToQuality, { input: 0.1, output: 0.4 }), 10);
    expect(blendedPrice({ input: 1, output: 5 })).toBe(2);
    expect(catalog.priceToQuality.slope).toBeGreaterThan(0);
  });

  it('gives an unknown model without a price the catalog median', () => {
    expect(resolveModelProfile(source('x', 'mystery'), catalog).qualitySource).toBe('default');
  });
});
