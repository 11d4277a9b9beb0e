import type { Citation } from '../../core/chat-request.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import type { EncodeContext } from '../client-format-codec.ts';
import { encodeOpenAIUsage } from './encode-openai-usage.ts';
import { mapFinishReasonToOpenAI } from './map-finish-reason-to-openai.ts';

/**
 * Stream events → OpenAI `chat.completion.chunk` SSE frames, ending with `data: [DONE]`.
 * Tool calls get OpenAI's own 0-based tool index, whatever the internal block index. Reasoning
 * deltas go out as `reasoning_content` (the OpenAI-compatible servers' field), refusals as `refusal`.
 * A web page a text block cites goes out as `delta.annotations` (`url_citation`, offsets in the
 * joined content) once the block's span is known, at its end — the chunk OpenAI's search models
 * stream (their last content chunk carries the annotations); document citations have no Chat form.
 */
export async function* encodeOpenAIChatStream(events: AsyncIterable<StreamEvent>, context: EncodeContext): AsyncGenerator<string> {
  const head = `{"id":${JSON.stringify(`chatcmpl-${context.id}`)},"object":"chat.completion.chunk","created":${context.created},"model":${JSON.stringify(context.model)},`;
  const frame = (choices: string, extra = '') => `data: ${head}"choices":${choices}${extra}}\n\n`;
  const toolIndex = new Map<number, number>();
  let sentRole = false;
  // Where each text block sits in the joined content, and the citations waiting for its end.
  let contentLength = 0;
  const textSpans = new Map<number, { start: number; end: number; ended: boolean; pending: Citation[] }>();
  const span = (index: number) => {
    let found = textSpans.get(index);
    if (found === undefined) textSpans.set(index, (found = { start: contentLength, end: contentLength, ended: false, pending: [] }));
    return found;
  };
  const annotationFrame = (start: number, end: number, citations: Citation[]) => {
    const annotations = citations.filter((citation) => citation.url !== undefined)
      .map((citation) => ({ type: 'url_citation', url_citation: { start_index: start, end_index: end, url: citation.url, title: citation.title ?? '' } }));
    return annotations.length === 0 ? undefined : frame(`[{"index":0,"delta":{"annotations":${JSON.stringify(annotations)}},"logprobs":null,"finish_reason":null}]`);
  };

  for await (const event of events) {
    switch (event.type) {
      case 'response-start':
        sentRole = true;
        yield frame(`[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]`);
        break;
      case 'text-start':
        span(event.index);
        break;
      case 'text-delta': {
        const text = span(event.index);
        contentLength += event.delta.length;
        text.end = contentLength;
        yield frame(`[{"index":0,"delta":{"content":${JSON.stringify(event.delta)}},"logprobs":null,"finish_reason":null}]`);
        break;
      }
      case 'text-citation': {
        const text = span(event.index);
        if (!text.ended) text.pending.push(event.citation);
        else {
          const annotated = annotationFrame(text.start, text.end, [event.citation]);
          if (annotated !== undefined) yield annotated;
        }
        break;
      }
      case 'text-end': {
        const text = span(event.index);
        text.ended = true;
        const annotated = annotationFrame(text.start, text.end, text.pending);
        text.pending = [];
        if (annotated !== undefined) yield annotated;
        break;
      }
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
        for (const text of textSpans.values()) {
          const annotated = text.ended ? undefined : annotationFrame(text.start, text.end, text.pending);
          if (annotated !== undefined) yield annotated;
        }
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
