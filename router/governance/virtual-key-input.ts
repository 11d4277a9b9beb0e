import { z } from 'zod';

const name = z.string().min(1).max(200);
const positiveInt = z.number().int().positive();

/** The body of `POST /admin/keys` (and what `switchyard keys create` sends). Unknown fields are a 400. */
export const virtualKeyInputSchema = z.strictObject({
  name,
  project: name,
  /** Narrows the project's: routers and models, names or globs. */
  allowed: z.array(name).min(1).optional(),
  tier: name.optional(),
  tags: z.record(z.string(), z.string()).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  limits: z.strictObject({ rpm: positiveInt.optional(), tpm: positiveInt.optional() }).optional(),
  budget: z.strictObject({ monthly_usd: z.number().positive(), alert_at: z.array(z.number().gt(0).lte(1)).default([0.5, 0.8]) }).optional(),
  /** ISO 8601 time or epoch ms. */
  expires_at: z.union([z.iso.datetime({ offset: true }), positiveInt]).optional(),
  expires_in_days: z.number().positive().optional(),
});

export type VirtualKeyInput = z.output<typeof virtualKeyInputSchema>;
