/**
 * The prompt text of one `switchyard score` input line: `{"id", "prompt": "…"}` or
 * `{"id", "messages": [{ "role", "content": "…" | [{ "type": "text", "text": "…" }, …] }, …]}`
 * (OpenAI-style; texts joined by blank lines, as the gateway does). Throws on anything else.
 */
export function scoreLineText(line: { prompt?: unknown; messages?: unknown }): string {
  if (typeof line.prompt === 'string') return line.prompt;
  if (!Array.isArray(line.messages)) throw new Error('a line needs "prompt" (a string) or "messages" (an array)');
  const parts: string[] = [];
  for (const message of line.messages as Array<{ content?: unknown }>) {
    const content = message?.content;
    if (typeof content === 'string') parts.push(content);
    else if (Array.isArray(content)) {
      for (const part of content as Array<{ type?: unknown; text?: unknown }>) if (typeof part?.text === 'string') parts.push(part.text);
    } else if (content !== null && content !== undefined) throw new Error('message content must be a string or an array of parts');
  }
  return parts.join('\n\n');
}
