import type { ChatMessage } from '../../core/chat-request.ts';

/**
 * Tool-call id → tool name, from the assistant turns of a conversation. Gemini (and Ollama's
 * `tool_name`) need the name on a tool result, which client formats like OpenAI Chat don't carry.
 */
export function collectToolCallNames(messages: readonly ChatMessage[]): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    if (message.role !== 'assistant') continue;
    for (const part of message.content) if (part.type === 'tool-call') names.set(part.id, part.name);
  }
  return names;
}
