import type { FinishReason } from '../../core/chat-result.ts';

/**
 * Unified finish reason → OpenAI's. Decided by the unified value, not the raw one: Ollama says
 * "stop" after a tool call, and that must reach an OpenAI client as "tool_calls".
 */
export function mapFinishReasonToOpenAI(reason: FinishReason): string {
  switch (reason.unified) {
    case 'length':
      return 'length';
    case 'tool-calls':
      // The legacy value survives from an OpenAI upstream that still speaks it.
      return reason.raw === 'function_call' ? 'function_call' : 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}
