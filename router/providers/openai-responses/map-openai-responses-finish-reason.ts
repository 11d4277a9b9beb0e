import type { FinishReason } from '../../core/chat-result.ts';

/**
 * A Responses answer's status (+ incomplete reason) → the unified finish reason. The raw value
 * keeps what OpenAI said: the status, or `incomplete:<reason>`.
 */
export function mapOpenAIResponsesFinishReason(status: string | undefined, incompleteReason: string | undefined, calledTools: boolean): FinishReason {
  if (status === 'incomplete') {
    const raw = `incomplete:${incompleteReason ?? 'unknown'}`;
    if (incompleteReason === 'max_output_tokens') return { unified: 'length', raw };
    if (incompleteReason === 'content_filter') return { unified: 'content-filter', raw };
    return { unified: 'other', raw };
  }
  if (status === 'failed') return { unified: 'error', raw: status };
  if (calledTools) return { unified: 'tool-calls', raw: status };
  return { unified: status === 'completed' || status === undefined ? 'stop' : 'other', raw: status };
}
