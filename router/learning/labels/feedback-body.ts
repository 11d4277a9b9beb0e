import { z } from 'zod';
import { InvalidRequestError } from '../../errors/invalid-request-error.ts';

const MAX_COMMENT_CHARACTERS = 2_000;

const feedbackBodySchema = z.strictObject({
  request_id: z.string().min(1).max(200),
  score: z.number().min(0).max(1).optional(),
  thumbs: z.enum(['up', 'down']).optional(),
  comment: z.string().max(MAX_COMMENT_CHARACTERS).optional(),
});

/** A `POST /v1/feedback` body, checked: one score in [0, 1] (`thumbs: up` is 1, `down` is 0). */
export type Feedback = { requestId: string; score: number; comment: string | undefined };

/**
 * Parses `{ request_id, score (0..1) | thumbs: "up" | "down", comment? }`; anything else (unknown
 * fields, both or neither of score and thumbs, a score outside [0, 1]) is a 400 `invalid_request`
 * naming the field.
 */
export function parseFeedbackBody(body: unknown): Feedback {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InvalidRequestError('Invalid request: the body must be a JSON object { request_id, score | thumbs, comment? }.');
  const parsed = feedbackBodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.');
    const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : path;
    throw new InvalidRequestError(`Invalid request: ${field === '' ? '' : `${field}: `}${issue.message}.`, field === '' ? undefined : field);
  }
  const { request_id: requestId, score, thumbs, comment } = parsed.data;
  if ((score === undefined) === (thumbs === undefined)) throw new InvalidRequestError('Invalid request: send exactly one of score (a number in [0, 1]) and thumbs ("up" or "down").', score === undefined ? 'score' : 'thumbs');
  return { requestId, score: score ?? (thumbs === 'up' ? 1 : 0), comment };
}
