import type { ChatRequest } from '../../core/chat-request.ts';
import { FREEFORM_INPUT } from './openai-responses-input-wire.ts';
import { isJsonObject } from '../is-json-object.ts';

/** The names of the request's freeform (custom) tools: their calls go back as `custom_tool_call` items. */
export function freeformToolNames(request: ChatRequest | undefined): ReadonlySet<string> {
  const names = new Set<string>();
  for (const tool of request?.tools ?? []) if (tool.type === 'function' && tool.freeform !== undefined) names.add(tool.name);
  return names;
}

/**
 * The raw input of a freeform tool call from the `{ "input": … }` arguments of its emulation. A
 * model that wrote something else gets its text passed on as it is, for the tool to judge.
 */
export function freeformInput(callArguments: string): string {
  try {
    const parsed: unknown = JSON.parse(callArguments);
    const input = isJsonObject(parsed) ? parsed[FREEFORM_INPUT] : undefined;
    if (typeof input === 'string') return input;
    return typeof parsed === 'string' ? parsed : callArguments;
  } catch {
    return callArguments;
  }
}
