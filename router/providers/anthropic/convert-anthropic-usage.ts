import type { Usage } from '../../core/chat-result.ts';
import type { AnthropicUsage } from './anthropic-wire.ts';

/**
 * Anthropic usage → internal usage. Anthropic's `input_tokens` excludes cache reads and writes; the
 * internal `inputTokens` is the whole prompt (as OpenAI counts it), with the cached share beside it.
 */
export function convertAnthropicUsage(usage: AnthropicUsage | null | undefined): Usage | undefined {
  if (!usage) return undefined;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheCreation = usage.cache_creation_input_tokens ?? 0;
  const result: Usage = {
    inputTokens: (usage.input_tokens ?? 0) + cacheRead + cacheCreation,
    outputTokens: usage.output_tokens ?? 0,
  };
  if (cacheRead > 0) result.cachedInputTokens = cacheRead;
  if (cacheCreation > 0) result.cacheCreationInputTokens = cacheCreation;
  const oneHour = usage.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  if (oneHour > 0) result.cacheCreation1hInputTokens = oneHour;
  return result;
}

/** Later usage fields (message_delta) overwrite earlier ones (message_start); absent ones are kept. */
export function mergeAnthropicUsage(base: AnthropicUsage | undefined, update: AnthropicUsage | undefined): AnthropicUsage | undefined {
  if (update === undefined) return base;
  const merged: AnthropicUsage = { ...base };
  for (const key of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
    const value = update[key];
    if (typeof value === 'number') merged[key] = value;
  }
  if (update.cache_creation !== undefined && update.cache_creation !== null) merged.cache_creation = { ...base?.cache_creation, ...update.cache_creation };
  return merged;
}
