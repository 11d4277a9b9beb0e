import type { Unfit } from '../routing/routing-types.ts';
import type { Attempt } from './all-targets-failed-error.ts';
import { GatewayError } from './gateway-error.ts';

/**
 * No target of the plan can serve this request (it needs tools a model lacks, its input is over
 * every model's limit): the request is at fault, so a 400 naming why, with every skipped step kept.
 */
export class UnservableRequestError extends GatewayError {
  readonly attempts: Attempt[];

  constructor(first: Unfit, attempts: Attempt[]) {
    const summary = attempts.map((attempt) => `${attempt.deployment}: ${attempt.reason ?? attempt.outcome}`).join('; ');
    const head = first.code === 'context_length_exceeded' ? 'The input is too long for every model that could serve it' : 'No model that could serve this request supports what it needs';
    super(first.code, `${head} (${summary}).`, { param: first.code === 'context_length_exceeded' ? 'messages' : undefined });
    this.name = 'UnservableRequestError';
    this.attempts = attempts;
  }
}
