import type { ChatResult } from '../../core/chat-result.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { convertOpenAIUsage } from './convert-openai-usage.ts';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.ts';
import type { OpenAIChatResponse } from './openai-wire.ts';

export function convertFromOpenAIResponse(body: unknown): ChatResult {
  const response = body as OpenAIChatResponse;
  const choice = Array.isArray(response?.choices) ? response.choices[0] : undefined;
  if (choice === undefined || typeof choice.message !== 'object' || choice.message === null) {
    throw new UpstreamError({ kind: 'protocol', reason: 'upstream answer has no choices[0].message' });
  }
  const content: ChatResult['content'] = [];
  if (typeof choice.message.content === 'string' && choice.message.content !== '') content.push({ type: 'text', text: choice.message.content });
  for (const call of choice.message.tool_calls ?? []) {
    content.push({ type: 'tool-call', id: call.id, name: call.function.name, arguments: call.function.arguments });
  }
  return {
    id: response.id,
    content,
    finishReason: mapOpenAIFinishReason(choice.finish_reason),
    usage: convertOpenAIUsage(response.usage),
    reportedModel: response.model === undefined ? undefined : { kind: 'reported', name: response.model },
  };
}
