import type { Usage } from '../../core/chat-result.ts';
import type { GeminiUsageMetadata } from './gemini-wire.ts';

/** Thinking tokens are billed as output, so they count as output here. */
export function convertGeminiUsage(usage: GeminiUsageMetadata | undefined): Usage | undefined {
  if (usage === undefined) return undefined;
  const result: Usage = { inputTokens: usage.promptTokenCount ?? 0, outputTokens: (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0) };
  if (usage.cachedContentTokenCount) result.cachedInputTokens = usage.cachedContentTokenCount;
  if (usage.thoughtsTokenCount) result.reasoningTokens = usage.thoughtsTokenCount;
  return result;
}
