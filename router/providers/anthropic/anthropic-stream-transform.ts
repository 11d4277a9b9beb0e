import type { StreamEvent } from '../../core/stream-event.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { createAnthropicStreamError } from './anthropic-error.ts';
import type { AnthropicStreamEvent, AnthropicTextBlock, AnthropicToolUseBlock, AnthropicUsage } from './anthropic-wire.ts';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.ts';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.ts';

/** What an open content block is, by its Anthropic index. `json` is the forced JSON tool: text to us. */
type BlockKind = 'text' | 'tool' | 'json';

function parseEvent(data: string): AnthropicStreamEvent {
  try {
    return JSON.parse(data) as AnthropicStreamEvent;
  } catch (error) {
    throw new UpstreamError({ kind: 'protocol', reason: 'upstream stream event is not JSON', cause: error });
  }
}

function endOf(kind: BlockKind, index: number): StreamEvent {
  return kind === 'tool' ? { type: 'tool-call-end', index } : { type: 'text-end', index };
}

/**
 * Anthropic stream events (message_start … message_stop) → internal stream events. Block indices
 * are Anthropic's own. An `error` event, or a stream that ends before `message_stop`, is a cut
 * stream (UpstreamError kind 'stream-cut'), never a short answer. Unknown event and block types
 * (thinking, server tools, types added later) are skipped, as Anthropic's versioning asks.
 */
export async function* transformAnthropicStream(
  messages: AsyncIterable<{ data: string }>,
  options: { jsonToolName?: string } = {},
): AsyncGenerator<StreamEvent> {
  let started = false;
  const open = new Map<number, BlockKind>();
  let usage: AnthropicUsage | undefined;
  let stopReason: string | null | undefined;
  let jsonToolAnswered = false;
  let done = false;

  for await (const message of messages) {
    const event = parseEvent(message.data);
    if (event.type === 'error') throw createAnthropicStreamError(event.error);
    if (event.type === 'ping') continue;
    if (!started) {
      started = true;
      const head = event.type === 'message_start' ? event.message : undefined;
      usage = head?.usage;
      yield { type: 'response-start', id: head?.id, reportedModel: head?.model ? { kind: 'reported', name: head.model } : undefined };
      if (event.type === 'message_start') continue;
    }
    switch (event.type) {
      case 'content_block_start': {
        const block = event.content_block;
        if (block.type === 'text') {
          open.set(event.index, 'text');
          yield { type: 'text-start', index: event.index };
          const { text } = block as AnthropicTextBlock;
          if (typeof text === 'string' && text !== '') yield { type: 'text-delta', index: event.index, delta: text };
        } else if (block.type === 'tool_use') {
          const call = block as AnthropicToolUseBlock;
          const isJson = options.jsonToolName !== undefined && call.name === options.jsonToolName;
          open.set(event.index, isJson ? 'json' : 'tool');
          if (isJson) jsonToolAnswered = true;
          yield isJson ? { type: 'text-start', index: event.index } : { type: 'tool-call-start', index: event.index, id: call.id, name: call.name };
          const initial = typeof call.input === 'object' && call.input !== null && Object.keys(call.input).length > 0 ? JSON.stringify(call.input) : '';
          if (initial !== '') yield isJson ? { type: 'text-delta', index: event.index, delta: initial } : { type: 'tool-call-delta', index: event.index, argumentsDelta: initial };
        }
        break;
      }
      case 'content_block_delta': {
        const kind = open.get(event.index);
        const { delta } = event;
        if (kind === 'text' && delta.type === 'text_delta') {
          const { text } = delta as { text: string };
          if (text !== '') yield { type: 'text-delta', index: event.index, delta: text };
        } else if (kind !== undefined && kind !== 'text' && delta.type === 'input_json_delta') {
          const json = (delta as { partial_json: string }).partial_json;
          if (json === '') break;
          yield kind === 'json' ? { type: 'text-delta', index: event.index, delta: json } : { type: 'tool-call-delta', index: event.index, argumentsDelta: json };
        }
        break;
      }
      case 'content_block_stop': {
        const kind = open.get(event.index);
        if (kind !== undefined) {
          open.delete(event.index);
          yield endOf(kind, event.index);
        }
        break;
      }
      case 'message_delta':
        if (event.delta.stop_reason !== undefined) stopReason = event.delta.stop_reason;
        usage = mergeAnthropicUsage(usage, event.usage);
        break;
      case 'message_stop':
        done = true;
        break;
      default:
        break;
    }
    if (done) break;
  }
  if (!done) throw new UpstreamError({ kind: 'stream-cut', reason: 'upstream stream ended before message_stop' });
  for (const [index, kind] of open) yield endOf(kind, index);
  const finalUsage = convertAnthropicUsage(usage);
  if (finalUsage) yield { type: 'usage', usage: finalUsage };
  yield { type: 'response-end', finishReason: mapAnthropicFinishReason(stopReason, { jsonToolAnswered }), usage: finalUsage };
}
