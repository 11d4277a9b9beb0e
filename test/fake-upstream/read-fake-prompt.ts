/**
 * Reads what the fake answer depends on from a chat-shaped request: the last user text (for the
 * echo) and the number of prompt characters (for usage, tokens ≈ chars / 4).
 */

export interface FakePrompt {
  lastUserText: string;
  promptChars: number;
}

/** Text of a message content: a string, or an array of parts with `text` (other parts ignored). */
export function textOfContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (typeof part === 'object' && part !== null && 'text' in part && typeof part.text === 'string') {
      text += part.text;
    }
  }
  return text;
}

/**
 * @param messages the request's message list (`messages`, or Gemini `contents`)
 * @param contentKey where a message keeps its content (`content`, or Gemini `parts`)
 * @param system an optional system prompt (string or parts) counted in the prompt size
 */
export function readFakePrompt(messages: unknown, contentKey: 'content' | 'parts', system?: unknown): FakePrompt {
  let lastUserText = '';
  let promptChars = textOfContent(system).length;
  if (!Array.isArray(messages)) return { lastUserText, promptChars };
  for (const message of messages) {
    if (typeof message !== 'object' || message === null) continue;
    const record = message as Record<string, unknown>;
    const text = textOfContent(record[contentKey]);
    promptChars += text.length;
    if (record.role === 'user' && text !== '') lastUserText = text;
  }
  return { lastUserText, promptChars };
}
