import type { FinishReason, Usage } from '../../core/chat-result.ts';
import type { ConverseUsage } from './converse-wire.ts';

/** Converse usage → internal: `inputTokens` there excludes cache reads and writes; internally it is the whole prompt. */
export function convertConverseUsage(usage: ConverseUsage | undefined): Usage | undefined {
  if (usage === undefined) return undefined;
  const cacheRead = usage.cacheReadInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  const result: Usage = { inputTokens: (usage.inputTokens ?? 0) + cacheRead + cacheWrite, outputTokens: usage.outputTokens ?? 0 };
  if (cacheRead > 0) result.cachedInputTokens = cacheRead;
  if (cacheWrite > 0) result.cacheCreationInputTokens = cacheWrite;
  return result;
}

export function mapConverseStopReason(raw: string | undefined): FinishReason {
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return { unified: 'stop', raw };
    case 'tool_use':
      return { unified: 'tool-calls', raw };
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return { unified: 'length', raw };
    case 'guardrail_intervened':
    case 'content_filtered':
      return { unified: 'content-filter', raw };
    default:
      return { unified: 'other', raw };
  }
}
