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
  const into = carried as Record<string, unknown>;
  // for-in, not Object.entries: that made arrays on every attempt.
  const defaults = step.defaultParams as Record<string, unknown>;
  for (const key in defaults) {
    const value = defaults[key];
    if (value !== undefined && Object.hasOwn(defaults, key) && (own as Record<string, unknown>)[key] === undefined) into[key] = value;
  }
  const overrides = step.overrideParams as Record<string, unknown>;
  for (const key in overrides) {
    const value = overrides[key];
    if (value !== undefined && Object.hasOwn(overrides, key)) into[key] = value;
  }
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
