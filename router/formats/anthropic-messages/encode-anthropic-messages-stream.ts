import type { Usage } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import type { EncodeContext } from '../client-format-codec.ts';
import { anthropicMessageId } from './anthropic-message-id.ts';
import { encodeAnthropicUsage } from './encode-anthropic-usage.ts';
import { mapFinishReasonToAnthropic } from './map-finish-reason-to-anthropic.ts';

function frame(type: string, body: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...body })}\n\n`;
}

/**
 * Stream events → Anthropic's SSE sequence: message_start, ping, content_block_start / delta
 * (text_delta, input_json_delta) / stop per block, message_delta (stop_reason + usage), message_stop.
 * Blocks get Anthropic's own 0-based, gap-free indices in order of appearance, whatever the internal
 * ones. Usage is always reported (Anthropic has no opt-in). Most upstreams only know it at the end,
 * so message_start reports zeros and message_delta the whole usage (the SDKs take input and cache
 * counts from it).
 */
export async function* encodeAnthropicMessagesStream(events: AsyncIterable<StreamEvent>, context: EncodeContext): AsyncGenerator<string> {
  const indices = new Map<number, number>();
  const open = new Set<number>();
  let started = false;
  let usage: Usage | undefined;

  const start = function* (): Generator<string> {
    if (started) return;
    started = true;
    const message = {
      id: anthropicMessageId(context.id),
      type: 'message',
      role: 'assistant',
      model: context.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: encodeAnthropicUsage(undefined),
    };
    yield frame('message_start', { message });
    yield frame('ping', {});
  };
  const openBlock = function* (internal: number, block: Record<string, unknown>): Generator<string, number> {
    const index = indices.size;
    indices.set(internal, index);
    open.add(index);
    yield frame('content_block_start', { index, content_block: block });
    return index;
  };
  const closeBlock = function* (internal: number): Generator<string> {
    const index = indices.get(internal);
    if (index === undefined || !open.delete(index)) return;
    yield frame('content_block_stop', { index });
  };

  for await (const event of events) {
    yield* start();
    switch (event.type) {
      case 'text-start':
        yield* openBlock(event.index, { type: 'text', text: '' });
        break;
      case 'text-delta': {
        const index = indices.get(event.index) ?? (yield* openBlock(event.index, { type: 'text', text: '' }));
        yield frame('content_block_delta', { index, delta: { type: 'text_delta', text: event.delta } });
        break;
      }
      case 'tool-call-start':
        yield* openBlock(event.index, { type: 'tool_use', id: event.id, name: event.name, input: {} });
        break;
      case 'tool-call-delta': {
        const index = indices.get(event.index);
        if (index !== undefined) yield frame('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: event.argumentsDelta } });
        break;
      }
      case 'text-end':
      case 'tool-call-end':
        yield* closeBlock(event.index);
        break;
      case 'usage':
        usage = event.usage;
        break;
      case 'response-end': {
        for (const index of open) yield frame('content_block_stop', { index });
        open.clear();
        const delta = { stop_reason: mapFinishReasonToAnthropic(event.finishReason), stop_sequence: null };
        yield frame('message_delta', { delta, usage: encodeAnthropicUsage(event.usage ?? usage) });
        yield frame('message_stop', {});
        break;
      }
      default:
        break;
    }
  }
}
