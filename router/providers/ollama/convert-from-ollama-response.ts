import type { ChatResult } from '../../core/chat-result.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { convertOllamaToolCall } from './convert-ollama-tool-call.ts';
import { convertOllamaUsage } from './convert-ollama-usage.ts';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.ts';
import type { OllamaChatChunk } from './ollama-wire.ts';

/** A non-streaming `/api/chat` body → the internal result. `responseKey` makes tool-call ids unique. */
export function convertFromOllamaResponse(body: unknown, responseKey: string): ChatResult {
  const response = body as OllamaChatChunk;
  if (typeof response !== 'object' || response === null || typeof response.message !== 'object' || response.message === null) {
    throw new UpstreamError({ kind: 'protocol', reason: 'upstream answer has no message' });
  }
  const content: ChatResult['content'] = [];
  // A thinking model's thinking (asked for with `think`): reasoning of the family 'ollama', before the answer.
  if (typeof response.message.thinking === 'string' && response.message.thinking !== '') content.push({ type: 'reasoning', text: response.message.thinking, family: 'ollama' });
  if (typeof response.message.content === 'string' && response.message.content !== '') content.push({ type: 'text', text: response.message.content });
  (response.message.tool_calls ?? []).forEach((call, position) => content.push(convertOllamaToolCall(call, responseKey, position)));
  return {
    id: undefined,
    content,
    finishReason: mapOllamaFinishReason(response.done_reason, content.some((part) => part.type === 'tool-call')),
    usage: convertOllamaUsage(response),
    reportedModel: response.model === undefined ? undefined : { kind: 'reported', name: response.model },
  };
}
