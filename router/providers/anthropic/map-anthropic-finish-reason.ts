import type { FinishReason } from '../../core/chat-result.ts';

/**
 * Anthropic `stop_reason` → unified finish reason; the raw value is kept. When the tool call was
 * the forced JSON answer (see plan-anthropic-json-output.ts), `tool_use` means a finished answer.
 */
export function mapAnthropicFinishReason(raw: string | null | undefined, options: { jsonToolAnswered?: boolean } = {}): FinishReason {
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return { unified: 'stop', raw };
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return { unified: 'length', raw };
    case 'tool_use':
      return { unified: options.jsonToolAnswered === true ? 'stop' : 'tool-calls', raw };
    case 'refusal':
      return { unified: 'content-filter', raw };
    default:
      // pause_turn, and reasons Anthropic adds later.
      return { unified: 'other', raw: raw ?? undefined };
  }
}
