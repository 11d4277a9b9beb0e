import { z } from 'zod';

/**
 * A smart router's `shadow:` block (opt-in): a sample of its requests is also answered, after the
 * client has its answer, by the router's candidates, and a judge deployment grades the answers.
 */
export const shadowSchema = z.strictObject({
  /** The share of the router's served requests that are shadow-evaluated. */
  fraction: z.number().min(0).max(1).default(0.02),
  /** The deployment (a model of the config, not a router) that grades the answers. */
  judge: z.string().min(1),
  /** What shadow and judge calls may cost per UTC day, on this replica. */
  daily_budget_usd: z.number().positive(),
  /** Shadow evaluations running at once; a sampled request beyond it is skipped (counted). */
  concurrency: z.number().int().positive().default(2),
  /** Keep the prompt of each evaluated request, so `switchyard labels export` can write it. */
  store_prompts: z.boolean().default(false),
  /** Per shadow or judge call. */
  timeout_ms: z.number().int().positive().default(60_000),
  /** Output tokens per shadow answer (caps cost; also the budget's estimate before a run). */
  max_output_tokens: z.number().int().positive().default(1_024),
});

export type RawShadow = z.output<typeof shadowSchema>;
