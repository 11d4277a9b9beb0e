import type { ChatRequest } from '../core/chat-request.ts';

/**
 * The request's text pieces a guardrail inspects: system, user, assistant and tool-result text
 * (what redaction rewrites), or with `untrusted`, only the user's and tools' text (where an
 * injection comes from; the operator's system prompt and the model's own turns are left out).
 */
export function requestTexts(request: ChatRequest, untrusted = false): string[] {
  const texts: string[] = [];
  for (const message of request.messages) {
    if (untrusted && (message.role === 'system' || message.role === 'assistant')) continue;
    for (const part of message.content) {
      if (part.type === 'text') texts.push(part.text);
      else if (part.type === 'tool-result') for (const inner of part.content) if (inner.type === 'text') texts.push(inner.text);
    }
  }
  return texts;
}
