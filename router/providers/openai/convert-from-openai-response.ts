import type { ChatResult } from '../../core/chat-result.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { convertOpenAIUsage } from './convert-openai-usage.ts';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.ts';
import type { OpenAIChatResponse } from './openai-wire.ts';
import { splitTextAtUrlCitations } from './split-text-at-url-citations.ts';

/** The reasoning text an OpenAI-compatible server puts beside the answer, under either name. */
export function reasoningTextOf(message: { reasoning_content?: string | null; reasoning?: string | null } | null | undefined): string | undefined {
  const text = message?.reasoning_content ?? message?.reasoning;
  return typeof text === 'string' && text !== '' ? text : undefined;
}

/** An OpenAI Chat answer → the internal result: reasoning (compatible servers), text (split at its url citations), refusal, tool calls. */
export function convertFromOpenAIResponse(body: unknown): ChatResult {
  const response = body as OpenAIChatResponse;
  const choice = Array.isArray(response?.choices) ? response.choices[0] : undefined;
  if (choice === undefined || typeof choice.message !== 'object' || choice.message === null) {
    throw new UpstreamError({ kind: 'protocol', reason: 'upstream answer has no choices[0].message' });
  }
  const { message } = choice;
  const content: ChatResult['content'] = [];
  const reasoning = reasoningTextOf(message);
  if (reasoning !== undefined) content.push({ type: 'reasoning', text: reasoning });
  // A search model's url_citation spans become text parts with their pages (for Responses clients' annotations).
  if (typeof message.content === 'string' && message.content !== '') content.push(...splitTextAtUrlCitations(message.content, message.annotations));
  if (typeof message.refusal === 'string' && message.refusal !== '') content.push({ type: 'refusal', text: message.refusal });
  for (const call of message.tool_calls ?? []) {
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
