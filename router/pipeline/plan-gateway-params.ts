import type { ChatParams } from '../core/chat-request.ts';
import { mergeParams } from './merge-params.ts';

export type GatewayParams = {
  /** Everything in force for the call (defaults < the request's own < overrides, then the cap): for translation. */
  merged: ChatParams;
  /** Only what the gateway itself sets, for a carried body: defaults the client left unset, overrides, the cap. */
  carried: Partial<ChatParams>;
};

/**
 * The params of one attempt. A deployment's `max_output_tokens` caps the request's max tokens
 * (with a warning) and is the max tokens of a request that sent none.
 */
export function planGatewayParams(
  step: { defaultParams: Partial<ChatParams>; overrideParams: Partial<ChatParams>; deployment: { name: string; maxOutputTokens: number | undefined } },
  own: ChatParams,
  warnings: string[],
): GatewayParams {
  const merged = mergeParams(step.defaultParams, own, step.overrideParams);
  const carried: Partial<ChatParams> = {};
  for (const [key, value] of Object.entries(step.defaultParams)) {
    if (value !== undefined && (own as Record<string, unknown>)[key] === undefined) (carried as Record<string, unknown>)[key] = value;
  }
  for (const [key, value] of Object.entries(step.overrideParams)) if (value !== undefined) (carried as Record<string, unknown>)[key] = value;
  const limit = step.deployment.maxOutputTokens;
  if (limit !== undefined) {
    if (merged.maxTokens !== undefined && merged.maxTokens > limit) {
      warnings.push(`max_tokens ${merged.maxTokens} was capped to ${limit}, the max_output_tokens of model '${step.deployment.name}'`);
      merged.maxTokens = limit;
      carried.maxTokens = limit;
    } else if (merged.maxTokens === undefined) {
      merged.maxTokens = limit;
      carried.maxTokens = limit;
    }
  }
  return { merged, carried };
}
