import { z } from 'zod';

/**
 * USD per million tokens, as providers publish them: input, output, cache reads, cache writes with
 * the 5-minute TTL and with the 1-hour TTL. One schema for models/catalog.yaml and the config.
 */
export const modelPriceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cache_read: z.number().nonnegative().optional(),
  cache_write: z.number().nonnegative().optional(),
  cache_write_1h: z.number().nonnegative().optional(),
});

export type ModelPrice = z.output<typeof modelPriceSchema>;

/**
 * A configured price over the catalog's: the config's fields win, a cache price it leaves out comes
 * from the catalog entry of the same model. Undefined when neither has a price.
 */
export function mergeModelPrice(configured: ModelPrice | undefined, catalog: ModelPrice | undefined): ModelPrice | undefined {
  if (configured === undefined) return catalog;
  if (catalog === undefined) return configured;
  const merged: ModelPrice = { ...configured };
  if (merged.cache_read === undefined && catalog.cache_read !== undefined) merged.cache_read = catalog.cache_read;
  if (merged.cache_write === undefined && catalog.cache_write !== undefined) merged.cache_write = catalog.cache_write;
  if (merged.cache_write_1h === undefined && catalog.cache_write_1h !== undefined) merged.cache_write_1h = catalog.cache_write_1h;
  return merged;
}
