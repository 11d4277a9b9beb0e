import type { ChatRequest } from '../core/chat-request.ts';

/**
 * The text the scorer rates: every message's text (system, user, assistant, tool results) in
 * order, joined by blank lines. The featurizer reads its head and tail (the latest turn is at the
 * tail), so a long conversation costs no more to score than a short one.
 */
export function promptText(request: Pick<ChatRequest, 'messages'>): string {
  const parts: string[] = [];
  for (const message of request.messages) {
    for (const part of message.content) {
      if (part.type === 'text') parts.push(part.text);
      else if (part.type === 'tool-call') parts.push(part.arguments);
      else if (part.type === 'tool-result') {
        for (const inner of part.content) if (inner.type === 'text') parts.push(inner.text);
      }
    }
  }
  return parts.join('\n\n');
}
