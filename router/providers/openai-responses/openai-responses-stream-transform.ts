import type { FinishReason, Usage } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { FREEFORM_INPUT } from '../../formats/openai-responses/openai-responses-input-wire.ts';
import { convertOpenAIResponsesUsage } from './convert-openai-responses-usage.ts';
import { convertOpenAIResponsesOutputItem } from './convert-from-openai-responses-response.ts';
import { mapOpenAIResponsesFinishReason } from './map-openai-responses-finish-reason.ts';
import type { OpenAIResponsesEvent, OpenAIResponsesOutputItem } from './openai-responses-wire.ts';

/** An open block: what it is, its internal index, and for calls whether any argument arrived. */
type Block =
  | { kind: 'text' | 'refusal'; index: number }
  | { kind: 'call'; index: number; custom: boolean; streamed: boolean }
  | { kind: 'reasoning'; index: number; summaries: number };

/** The JSON-string body of a piece of text (a freeform call's input streams as `{"input":"…"}`). */
function jsonStringPiece(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * Responses SSE events → stream events. Each output item (and each content part of a message)
 * gets its own block index in order of appearance. Reasoning summaries stream as reasoning
 * deltas (summary parts separated by a blank line) and the item's encrypted content arrives as a
 * reasoning signature when the item is done; a custom (freeform) call streams its input as the
 * `{"input": …}` arguments of its emulation; items the internal format has no type for (web
 * search, local shell…) arrive whole as provider parts. A stream that ends without
 * response.completed / response.incomplete was cut; response.failed and error events are errors.
 */
export async function* transformOpenAIResponsesStream(messages: AsyncIterable<{ data: string }>): AsyncGenerator<StreamEvent> {
  let started = false;
  let nextIndex = 0;
  const blocks = new Map<string, Block>();
  let calledTools = false;
  let finish: { finishReason: FinishReason; usage: Usage | undefined } | undefined;

  const open = (key: string, block: Block): Block => {
    blocks.set(key, block);
    return block;
  };
  const closeBlock = function* (key: string): Generator<StreamEvent> {
    const block = blocks.get(key);
    if (block === undefined) return;
    blocks.delete(key);
    if (block.kind === 'text' || block.kind === 'refusal') {
      if (block.kind === 'text') yield { type: 'text-end', index: block.index };
    } else if (block.kind === 'call') {
      if (block.custom) yield { type: 'tool-call-delta', index: block.index, argumentsDelta: block.streamed ? '"}' : `{"${FREEFORM_INPUT}":""}` };
      yield { type: 'tool-call-end', index: block.index };
    } else yield { type: 'reasoning-end', index: block.index };
  };

  for await (const message of messages) {
    let event: OpenAIResponsesEvent;
    try {
      event = JSON.parse(message.data) as OpenAIResponsesEvent;
    } catch (error) {
      throw new UpstreamError({ kind: 'protocol', reason: 'upstream stream event is not JSON', cause: error });
    }
    if (event.type === 'error' || event.type === 'response.failed') {
      const detail = event.type === 'error' ? (event.message ?? event.code) : (event.response?.error?.message ?? event.response?.error?.code);
      throw new UpstreamError({ kind: 'stream-cut', reason: `upstream sent ${event.type === 'error' ? 'an error event' : 'response.failed'} mid-stream${detail ? `: ${detail}` : ''}` });
    }
    if (!started) {
      started = true;
      const response = event.response;
      yield { type: 'response-start', id: response?.id, reportedModel: response?.model ? { kind: 'reported', name: response.model } : undefined };
    }
    const item: OpenAIResponsesOutputItem | undefined = event.item;
    const itemKey = `${event.output_index ?? 0}`;
    const partKey = `${itemKey}:${event.content_index ?? 0}`;
    switch (event.type) {
      case 'response.output_item.added':
        if (item?.type === 'function_call' || item?.type === 'custom_tool_call') {
          calledTools = true;
          const block = open(itemKey, { kind: 'call', index: nextIndex++, custom: item.type === 'custom_tool_call', streamed: false });
          yield { type: 'tool-call-start', index: block.index, id: item.call_id ?? item.id ?? `call_${block.index}`, name: item.name ?? '' };
        } else if (item?.type === 'reasoning') {
          const block = open(itemKey, { kind: 'reasoning', index: nextIndex++, summaries: 0 });
          yield { type: 'reasoning-start', index: block.index, family: 'openai', ...(item.id === undefined ? {} : { id: item.id }) };
        }
        break;
      case 'response.content_part.added':
        if (event.part?.type === 'output_text') yield { type: 'text-start', index: open(partKey, { kind: 'text', index: nextIndex++ }).index };
        else if (event.part?.type === 'refusal') open(partKey, { kind: 'refusal', index: nextIndex++ });
        break;
      case 'response.output_text.delta': {
        let block = blocks.get(partKey);
        if (block === undefined) {
          block = open(partKey, { kind: 'text', index: nextIndex++ });
          yield { type: 'text-start', index: block.index };
        }
        if (event.delta) yield { type: 'text-delta', index: block.index, delta: event.delta };
        break;
      }
      case 'response.refusal.delta': {
        const block = blocks.get(partKey) ?? open(partKey, { kind: 'refusal', index: nextIndex++ });
        if (event.delta) yield { type: 'refusal-delta', index: block.index, delta: event.delta };
        break;
      }
      case 'response.content_part.done':
        yield* closeBlock(partKey);
        break;
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta': {
        const block = blocks.get(itemKey);
        if (block?.kind !== 'call' || !event.delta) break;
        const piece = block.custom ? (block.streamed ? '' : `{"${FREEFORM_INPUT}":"`) + jsonStringPiece(event.delta) : event.delta;
        block.streamed = true;
        yield { type: 'tool-call-delta', index: block.index, argumentsDelta: piece };
        break;
      }
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta': {
        const block = blocks.get(itemKey);
        if (block?.kind !== 'reasoning' || !event.delta) break;
        const summary = event.summary_index ?? event.content_index ?? 0;
        const separator = summary > 0 && summary >= block.summaries ? '\n\n' : '';
        block.summaries = Math.max(block.summaries, summary + 1);
        yield { type: 'reasoning-delta', index: block.index, delta: separator + event.delta };
        break;
      }
      case 'response.output_item.done': {
        if (item === undefined) break;
        const block = blocks.get(itemKey);
        if (block?.kind === 'call' && !block.streamed) {
          const whole = convertOpenAIResponsesOutputItem(item)[0];
          if (whole?.type === 'tool-call' && whole.arguments !== '') {
            yield { type: 'tool-call-delta', index: block.index, argumentsDelta: block.custom ? whole.arguments.slice(0, -1) : whole.arguments };
            block.streamed = true;
            if (block.custom) {
              yield { type: 'tool-call-delta', index: block.index, argumentsDelta: '}' };
              yield { type: 'tool-call-end', index: block.index };
              blocks.delete(itemKey);
              break;
            }
          }
        }
        if (block?.kind === 'reasoning' && typeof item.encrypted_content === 'string') yield { type: 'reasoning-signature', index: block.index, encrypted: item.encrypted_content };
        if (block !== undefined) {
          yield* closeBlock(itemKey);
          break;
        }
        for (const key of [...blocks.keys()].filter((key) => key.startsWith(`${itemKey}:`))) yield* closeBlock(key);
        if (item.type !== 'message') {
          for (const part of convertOpenAIResponsesOutputItem(item)) {
            if (part.type === 'provider') yield { type: 'provider-part', index: nextIndex++, part: { family: part.family, kind: part.kind, value: part.value } };
          }
        }
        break;
      }
      case 'response.completed':
      case 'response.incomplete': {
        const response = event.response;
        finish = {
          finishReason: mapOpenAIResponsesFinishReason(response?.status ?? (event.type === 'response.completed' ? 'completed' : 'incomplete'), response?.incomplete_details?.reason, calledTools),
          usage: convertOpenAIResponsesUsage(response?.usage),
        };
        break;
      }
      default:
        break;
    }
    if (finish !== undefined) break;
  }
  if (finish === undefined) throw new UpstreamError({ kind: 'stream-cut', reason: 'upstream stream ended before it finished' });
  for (const key of [...blocks.keys()]) yield* closeBlock(key);
  if (finish.usage !== undefined) yield { type: 'usage', usage: finish.usage };
  yield { type: 'response-end', finishReason: finish.finishReason, usage: finish.usage };
}
