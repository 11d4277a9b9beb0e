import type { ChatResult } from '../../core/chat-result.ts';
import type { EncodeContext } from '../client-format-codec.ts';
import { encodeOpenAIUsage } from './encode-openai-usage.ts';
import { mapFinishReasonToOpenAI } from './map-finish-reason-to-openai.ts';

/**
 * The internal result → a `chat.completion`. Text parts are joined as they came (they are pieces
 * of one answer); refusals go to `refusal`; reasoning text to `reasoning_content`, the field
 * OpenAI-compatible servers (DeepSeek, vLLM) use and clients such as Open WebUI show; web-page
 * citations to `annotations` (`url_citation`). Signatures and provider blocks have no place in
 * Chat Completions and are left out.
 */
export function encodeOpenAIChatResponse(result: ChatResult, context: EncodeContext): Record<string, unknown> {
  let text = '';
  let refusal = '';
  let reasoning = '';
  const toolCalls: Array<Record<string, unknown>> = [];
  const annotations: Array<Record<string, unknown>> = [];
  for (const part of result.content) {
    if (part.type === 'text') {
      // A web page the text cites: OpenAI's url_citation over exactly that text (its offsets in the joined content).
      for (const citation of part.citations ?? []) {
        if (citation.url !== undefined) annotations.push({ type: 'url_citation', url_citation: { start_index: text.length, end_index: text.length + part.text.length, url: citation.url, title: citation.title ?? '' } });
      }
      text += part.text;
    }
    else if (part.type === 'refusal') refusal += part.text;
    else if (part.type === 'reasoning') reasoning += part.text;
    else if (part.type === 'tool-call') toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } });
  }
  const empty = text === '' && (toolCalls.length > 0 || refusal !== '');
  const message: Record<string, unknown> = { role: 'assistant', content: empty ? null : text, refusal: refusal === '' ? null : refusal };
  if (reasoning !== '') message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (annotations.length > 0) message.annotations = annotations;
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
