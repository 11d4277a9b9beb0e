import { z } from 'zod';
import { modelPriceSchema } from './model-price.ts';

/** One model of models/catalog.yaml. Every field but quality/price is optional. */
export const catalogEntrySchema = z.strictObject({
  quality: z.number().min(0).max(100),
  speed: z.number().positive().optional(),
  price: modelPriceSchema,
  context: z.number().int().positive().optional(),
  capabilities: z.strictObject({ tools: z.boolean(), vision: z.boolean(), json: z.boolean() }).partial().optional(),
  aliases: z.array(z.string().min(1)).optional(),
  /** An older model, known for lookups (logs and datasets name it) but kept out of the price → quality fit, which describes today's market. */
  legacy: z.boolean().optional(),
});

export const catalogFileSchema = z.strictObject({
  as_of: z.string(),
  models: z.record(z.string().min(1), catalogEntrySchema),
});

export type CatalogEntry = z.output<typeof catalogEntrySchema> & { readonly name: string };

/** The part of models/manifest.json the router reads: per-dataset IRT abilities. */
export const manifestAbilitiesSchema = z.object({
  irt: z.object({
    slope: z.number().positive(),
    abilities: z.record(z.string(), z.record(z.string(), z.number())),
  }),
  difficulty: z.object({ logitMean: z.number(), logitScale: z.number() }),
});
