import type { ChatResult } from '../../core/chat-result.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { FREEFORM_INPUT } from '../../formats/openai-responses/openai-responses-input-wire.ts';
import { convertOpenAIResponsesUsage } from './convert-openai-responses-usage.ts';
import { mapOpenAIResponsesFinishReason } from './map-openai-responses-finish-reason.ts';
import type { OpenAIResponsesObject, OpenAIResponsesOutputItem } from './openai-responses-wire.ts';

type Content = ChatResult['content'];

/** One output item → internal parts: text and refusals, calls (a custom call as `{"input"}` arguments), reasoning, or a provider part. */
export function convertOpenAIResponsesOutputItem(item: OpenAIResponsesOutputItem): Content {
  switch (item.type) {
    case 'message':
      return (item.content ?? []).flatMap((part): Content => {
        if (part.type === 'output_text') return [{ type: 'text', text: part.text ?? '' }];
        if (part.type === 'refusal') return [{ type: 'refusal', text: part.refusal ?? '' }];
        return [{ type: 'provider', family: 'openai', kind: part.type, value: part as Record<string, unknown> }];
      });
    case 'function_call':
      return [{ type: 'tool-call', id: item.call_id ?? item.id ?? '', name: item.name ?? '', arguments: item.arguments ?? '' }];
    case 'custom_tool_call':
      return [{ type: 'tool-call', id: item.call_id ?? item.id ?? '', name: item.name ?? '', arguments: JSON.stringify({ [FREEFORM_INPUT]: item.input ?? '' }) }];
    case 'reasoning': {
      const text = (item.summary ?? []).map((entry) => entry.text ?? '').join('\n\n');
      const part: Content[number] = { type: 'reasoning', text, family: 'openai' };
      if (typeof item.encrypted_content === 'string') part.encrypted = item.encrypted_content;
      if (item.id !== undefined) part.id = item.id;
      return [part];
    }
    default:
      return [{ type: 'provider', family: 'openai', kind: item.type, value: item }];
  }
}

/** A Responses `response` object → the internal result. A `failed` response is an upstream error. */
export function convertFromOpenAIResponsesResponse(response: OpenAIResponsesObject): ChatResult {
  if (response?.object !== 'response' && !Array.isArray(response?.output)) {
    throw new UpstreamError({ kind: 'protocol', reason: 'upstream answer is not a Responses response object' });
  }
  if (response.status === 'failed') {
    throw new UpstreamError({ kind: 'protocol', reason: `upstream response failed: ${response.error?.message ?? response.error?.code ?? 'no reason given'}` });
  }
  const output = response.output ?? [];
  const calledTools = output.some((item) => item.type === 'function_call' || item.type === 'custom_tool_call');
  return {
    id: response.id,
    content: output.flatMap(convertOpenAIResponsesOutputItem),
    finishReason: mapOpenAIResponsesFinishReason(response.status, response.incomplete_details?.reason, calledTools),
    usage: convertOpenAIResponsesUsage(response.usage),
    reportedModel: response.model ? { kind: 'reported', name: response.model } : undefined,
  };
}
