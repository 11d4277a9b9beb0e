import type { FinishReason } from '../../core/chat-result.ts';

const OPENAI_REASONS = new Set(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);

/** Unified finish reason → OpenAI's; an OpenAI upstream's raw value passes through untouched. */
export function mapFinishReasonToOpenAI(reason: FinishReason): string {
  if (reason.raw !== undefined && OPENAI_REASONS.has(reason.raw)) return reason.raw;
  switch (reason.unified) {
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}
