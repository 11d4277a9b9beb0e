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

/**
 * The text the difficulty model rates: the latest user turn (its text parts, joined by blank
 * lines). The model learned difficulty from single benchmark prompts, so this is the text it can
 * judge; a system prompt, earlier turns and tool results would only count as length — a 3,000-token
 * system prompt made "hi" score 0.96 and every model's predicted quality ≈ 0. When no user message
 * has text (a request of only system text, say), the whole `promptText`.
 */
export function taskText(request: Pick<ChatRequest, 'messages'>): string {
  for (let index = request.messages.length - 1; index >= 0; index -= 1) {
    const message = request.messages[index]!;
    if (message.role !== 'user') continue;
    const texts: string[] = [];
    for (const part of message.content) if (part.type === 'text') texts.push(part.text);
    if (texts.length > 0) return texts.join('\n\n');
  }
  return promptText(request);
}
