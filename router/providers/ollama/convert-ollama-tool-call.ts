import type { ToolCallPart } from '../../core/chat-request.ts';
import type { OllamaToolCall } from './ollama-wire.ts';

/**
 * Ollama sends arguments as an object and usually no id: the arguments become JSON text, the id is
 * made from the response key (unique per call) and the call's position.
 */
export function convertOllamaToolCall(call: OllamaToolCall, responseKey: string, position: number): ToolCallPart {
  const args = call.function.arguments;
  return {
    type: 'tool-call',
    id: call.id ?? `call_${responseKey}_${position}`,
    name: call.function.name,
    arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
  };
}
