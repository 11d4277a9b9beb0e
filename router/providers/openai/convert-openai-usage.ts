import type { Usage } from '../../core/chat-result.ts';
import type { OpenAIUsage } from './openai-wire.ts';

/** OpenAI usage → internal usage: `prompt_tokens` is the whole prompt, cached share and reasoning share beside it. */
export function convertOpenAIUsage(usage: OpenAIUsage | null | undefined): Usage | undefined {
  if (!usage) return undefined;
  const result: Usage = { inputTokens: usage.prompt_tokens ?? 0, outputTokens: usage.completion_tokens ?? 0 };
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (cached) result.cachedInputTokens = cached;
  // Already part of completion_tokens (and billed as output).
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (reasoning) result.reasoningTokens = reasoning;
  return result;
}
