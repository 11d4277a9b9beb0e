import type { FinishReason } from '../../core/chat-result.ts';

/** Ollama says `stop` even when the model called a tool, so the caller tells us about tool calls. */
export function mapOllamaFinishReason(raw: string | undefined, hasToolCalls: boolean): FinishReason {
  switch (raw) {
    case 'stop':
      return { unified: hasToolCalls ? 'tool-calls' : 'stop', raw };
    case 'length':
      return { unified: 'length', raw };
    default:
      return { unified: hasToolCalls ? 'tool-calls' : 'other', raw };
  }
}
