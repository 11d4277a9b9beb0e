import type { Usage } from '../../core/chat-result.ts';

export function encodeOpenAIUsage(usage: Usage): Record<string, unknown> {
  const encoded: Record<string, unknown> = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
  if (usage.cachedInputTokens !== undefined) encoded.prompt_tokens_details = { cached_tokens: usage.cachedInputTokens };
  return encoded;
}
