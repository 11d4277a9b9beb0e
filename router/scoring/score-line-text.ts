/** What `switchyard score` hands the scorer for one line: the whole text (counted) and the task (rated). */
export interface ScoreLineText {
  readonly text: string;
  readonly task: string;
}

/**
 * The texts of one `switchyard score` input line: `{"id", "prompt": "…"}` (both the prompt) or
 * `{"id", "messages": [{ "role", "content": "…" | [{ "type": "text", "text": "…" }, …] }, …]}`
 * (OpenAI-style): `text` joins every message's text by blank lines and `task` is the latest user
 * message's text, as the gateway does (`promptText`, `taskText`). Throws on anything else.
 */
export function scoreLineText(line: { prompt?: unknown; messages?: unknown }): ScoreLineText {
  if (typeof line.prompt === 'string') return { text: line.prompt, task: line.prompt };
  if (!Array.isArray(line.messages)) throw new Error('a line needs "prompt" (a string) or "messages" (an array)');
  const parts: string[] = [];
  let task: string | undefined;
  for (const message of line.messages as Array<{ role?: unknown; content?: unknown }>) {
    const texts = messageTexts(message?.content);
    parts.push(...texts);
    if (message?.role === 'user' && texts.length > 0) task = texts.join('\n\n');
  }
  const text = parts.join('\n\n');
  return { text, task: task ?? text };
}

function messageTexts(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (content === null || content === undefined) return [];
  if (!Array.isArray(content)) throw new Error('message content must be a string or an array of parts');
  const texts: string[] = [];
  for (const part of content as Array<{ text?: unknown }>) if (typeof part?.text === 'string') texts.push(part.text);
  return texts;
}
