import type { ToolCallPart } from '../../core/chat-request.ts';
import type { GeminiFunctionCall } from './gemini-wire.ts';

/**
 * Gemini sends a function call whole, with arguments as an object and usually no id: the arguments
 * become JSON text, the id is made from the response key (unique per call) and the call's position.
 */
export function convertGeminiFunctionCall(call: GeminiFunctionCall, responseKey: string, position: number): ToolCallPart {
  return { type: 'tool-call', id: call.id ?? `call_${responseKey}_${position}`, name: call.name, arguments: JSON.stringify(call.args ?? {}) };
}
