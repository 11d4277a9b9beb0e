import type { ChatResult } from '../../core/chat-result.ts';
import type { EncodeContext } from '../client-format-codec.ts';
import { encodeOpenAIUsage } from './encode-openai-usage.ts';
import { mapFinishReasonToOpenAI } from './map-finish-reason-to-openai.ts';

export function encodeOpenAIChatResponse(result: ChatResult, context: EncodeContext): Record<string, unknown> {
  let text = '';
  const toolCalls: Array<Record<string, unknown>> = [];
  for (const part of result.content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'tool-call') toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } });
  }
  const message: Record<string, unknown> = { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text, refusal: null };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const response: Record<string, unknown> = {
    id: `chatcmpl-${context.id}`,
    object: 'chat.completion',
    created: context.created,
    model: context.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: mapFinishReasonToOpenAI(result.finishReason) }],
  };
  if (result.usage) response.usage = encodeOpenAIUsage(result.usage);
  return response;
}
