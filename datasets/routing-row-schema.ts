import { z } from 'zod';

/** A score or cost map: model name → finite number. */
const modelNumberMapSchema = z.record(z.string().min(1), z.number().finite());

/**
 * One line of a routing dataset: a prompt and every model's measured quality on it
 * (see /work/shared/datasets/README.md, "Common schema"). Unknown keys are rejected so a
 * renamed field fails loudly instead of being ignored.
 */
export const routingRowSchema = z
  .object({
    id: z.string().min(1),
    source: z.string().min(1),
    prompt: z.string(),
    scores: modelNumberMapSchema.refine((scores) => Object.keys(scores).length > 0, 'scores must name at least one model'),
    costs: modelNumberMapSchema.optional(),
    split: z.enum(['train', 'test']).optional(),
    messages: z.array(z.object({ role: z.string(), content: z.string() }).strict()).optional(),
    subject: z.string().optional(),
    category: z.string().optional(),
    raw_judge_scores_1to10: z.record(z.string(), z.array(z.number())).optional(),
    contaminated: z.boolean().optional(),
  })
  .strict()
  .superRefine(checkRanges);

export type RoutingRowInput = z.infer<typeof routingRowSchema>;

/**
 * A row of a routing file outside the registry (`bench accuracy --file`, `train --file`): only the
 * fields routing reads are validated; any other field — a label store's own columns, a judge's raw
 * ratings in another shape — is ignored, so any exporter's rows can be replayed.
 */
export const routingFileRowSchema = z
  .object({
    id: z.string().min(1),
    source: z.string().min(1),
    prompt: z.string(),
    scores: modelNumberMapSchema.refine((scores) => Object.keys(scores).length > 0, 'scores must name at least one model'),
    costs: modelNumberMapSchema.optional(),
    contaminated: z.boolean().optional(),
  })
  .superRefine(checkRanges);

export type RoutingFileRowInput = z.infer<typeof routingFileRowSchema>;

function checkRanges(row: { scores: Record<string, number>; costs?: Record<string, number> | undefined }, context: z.RefinementCtx): void {
  for (const [model, score] of Object.entries(row.scores)) {
    if (score < 0 || score > 1) {
      context.addIssue({ code: 'custom', path: ['scores', model], message: `score ${score} is outside [0, 1]` });
    }
  }
  for (const [model, cost] of Object.entries(row.costs ?? {})) {
    if (cost < 0) context.addIssue({ code: 'custom', path: ['costs', model], message: `cost ${cost} is negative` });
  }
}
