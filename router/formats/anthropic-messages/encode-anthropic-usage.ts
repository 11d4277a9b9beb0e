import type { Usage } from '../../core/chat-result.ts';

/**
 * Internal usage → Anthropic's. Anthropic's `input_tokens` excludes cache reads and writes, which it
 * reports beside it; the internal `inputTokens` is the whole prompt.
 */
export function encodeAnthropicUsage(usage: Usage | undefined): Record<string, number> {
  if (usage === undefined) return { input_tokens: 0, output_tokens: 0 };
  const cacheRead = usage.cachedInputTokens ?? 0;
  const cacheCreation = usage.cacheCreationInputTokens ?? 0;
  return {
    input_tokens: Math.max(0, usage.inputTokens - cacheRead - cacheCreation),
    cache_creation_input_tokens: cacheCreation,
    cache_read_input_tokens: cacheRead,
    output_tokens: usage.outputTokens,
  };
}
