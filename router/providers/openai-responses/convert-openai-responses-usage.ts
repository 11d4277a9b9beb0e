import type { Usage } from '../../core/chat-result.ts';
import type { OpenAIResponsesUsage } from './openai-responses-wire.ts';

/** Responses `usage` → internal usage (cached input and reasoning tokens when reported). */
export function convertOpenAIResponsesUsage(usage: OpenAIResponsesUsage | null | undefined): Usage | undefined {
  if (usage === null || usage === undefined) return undefined;
  const converted: Usage = { inputTokens: usage.input_tokens ?? 0, outputTokens: usage.output_tokens ?? 0 };
  const cached = usage.input_tokens_details?.cached_tokens;
  if (typeof cached === 'number' && cached > 0) converted.cachedInputTokens = cached;
  const reasoning = usage.output_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number' && reasoning > 0) converted.reasoningTokens = reasoning;
  return converted;
}
