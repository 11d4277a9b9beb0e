import type { StreamEvent } from '../../core/stream-event.ts';
import type { EncodeContext } from '../client-format-codec.ts';
import { encodeOpenAIUsage } from './encode-openai-usage.ts';
import { mapFinishReasonToOpenAI } from './map-finish-reason-to-openai.ts';

/**
 * Stream events → OpenAI `chat.completion.chunk` SSE frames, ending with `data: [DONE]`.
 * Tool calls get OpenAI's own 0-based tool index, whatever the internal block index. Reasoning
 * deltas go out as `reasoning_content` (the OpenAI-compatible servers' field), refusals as `refusal`.
 */
export async function* encodeOpenAIChatStream(events: AsyncIterable<StreamEvent>, context: EncodeContext): AsyncGenerator<string> {
  const head = `{"id":${JSON.stringify(`chatcmpl-${context.id}`)},"object":"chat.completion.chunk","created":${context.created},"model":${JSON.stringify(context.model)},`;
  const frame = (choices: string, extra = '') => `data: ${head}"choices":${choices}${extra}}\n\n`;
  const toolIndex = new Map<number, number>();
  let sentRole = false;

  for await (const event of events) {
    switch (event.type) {
      case 'response-start':
        sentRole = true;
        yield frame(`[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]`);
        break;
      case 'text-delta':
        yield frame(`[{"index":0,"delta":{"content":${JSON.stringify(event.delta)}},"logprobs":null,"finish_reason":null}]`);
        break;
      case 'reasoning-delta':
        yield frame(`[{"index":0,"delta":{"reasoning_content":${JSON.stringify(event.delta)}},"logprobs":null,"finish_reason":null}]`);
        break;
      case 'refusal-delta':
        yield frame(`[{"index":0,"delta":{"refusal":${JSON.stringify(event.delta)}},"logprobs":null,"finish_reason":null}]`);
        break;
      case 'tool-call-start': {
        const index = toolIndex.size;
        toolIndex.set(event.index, index);
        const call = { index, id: event.id, type: 'function', function: { name: event.name, arguments: '' } };
        yield frame(`[{"index":0,"delta":{"tool_calls":[${JSON.stringify(call)}]},"logprobs":null,"finish_reason":null}]`);
        break;
      }
      case 'tool-call-delta': {
        const call = { index: toolIndex.get(event.index) ?? 0, function: { arguments: event.argumentsDelta } };
        yield frame(`[{"index":0,"delta":{"tool_calls":[${JSON.stringify(call)}]},"logprobs":null,"finish_reason":null}]`);
        break;
      }
      case 'response-end': {
        if (!sentRole) yield frame(`[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]`);
        yield frame(`[{"index":0,"delta":{},"logprobs":null,"finish_reason":${JSON.stringify(mapFinishReasonToOpenAI(event.finishReason))}}]`);
        if (context.includeUsage && event.usage) yield frame('[]', `,"usage":${JSON.stringify(encodeOpenAIUsage(event.usage))}`);
        break;
      }
      default:
        break;
    }
  }
  yield 'data: [DONE]\n\n';
}
