import type { ChatRequest } from '../core/chat-request.ts';

/**
 * The prompt's text as one string: system, user and tool-result text in order (assistant turns
 * left out), for PII detection and the audit's optional prompt column. (The scorer rates
 * `promptText` of router/scoring, the same text the smart router scores.)
 */
export function collectPromptText(request: ChatRequest): string {
  const pieces: string[] = [];
  for (const message of request.messages) {
    if (message.role === 'assistant') continue;
    for (const part of message.content) {
      if (part.type === 'text') pieces.push(part.text);
      else if (part.type === 'tool-result') for (const inner of part.content) if (inner.type === 'text') pieces.push(inner.text);
    }
  }
  return pieces.join('\n');
}

