import { promptText, taskText } from '../scoring/prompt-text.ts';
import type { ScoreResult } from '../scoring/scorer-client.ts';
import type { RoutingContext } from './routing-types.ts';

const scores = new WeakMap<RoutingContext, Promise<ScoreResult>>();

const noScorer: ScoreResult = { ok: false, reason: 'error', message: 'no scorer is running' };

/**
 * The request's score, computed at most once however many routers on its path need it (a
 * `complexity` rule that leads to a smart router reuses the rule's score). Keyed by the routing
 * context, which every router the request passes through shares. The model rates the latest user
 * turn; the token count is the whole prompt's.
 */
export function scoreRequestOnce(context: RoutingContext): Promise<ScoreResult> {
  let pending = scores.get(context);
  if (pending === undefined) {
    pending = context.scorer === undefined ? Promise.resolve(noScorer) : context.scorer.score(promptText(context.request), taskText(context.request));
    scores.set(context, pending);
  }
  return pending;
}
