import type { Usage } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import type { EncodeContext } from '../client-format-codec.ts';
import { anthropicMessageId } from './anthropic-message-id.ts';
import { encodeReasoningSignature } from './anthropic-reasoning-signature.ts';
import { encodeAnthropicUsage } from './encode-anthropic-usage.ts';
import { mapFinishReasonToAnthropic } from './map-finish-reason-to-anthropic.ts';

/** A reasoning block in progress: opened lazily, as `thinking` or (for Anthropic's redacted reasoning) `redacted_thinking`. */
type OpenReasoning = { family?: string; id?: string; signature?: string; encrypted?: string; opened?: 'thinking' | 'redacted'; signed: boolean };

function frame(type: string, body: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...body })}\n\n`;
}

/**
 * Stream events → Anthropic's SSE sequence: message_start, ping, content_block_start / delta
 * (text_delta, input_json_delta, thinking_delta, signature_delta) / stop per block, message_delta
 * (stop_reason + usage), message_stop. Reasoning is a thinking block whose signature_delta is
 * Anthropic's own or, for another family, one that lets the next turn restore it (see
 * anthropic-reasoning-signature.ts); an Anthropic provider part is one whole block.
 * Blocks get Anthropic's own 0-based, gap-free indices in order of appearance, whatever the internal
 * ones. Usage is always reported (Anthropic has no opt-in). Most upstreams only know it at the end,
 * so message_start reports zeros and message_delta the whole usage (the SDKs take input and cache
 * counts from it).
 */
export async function* encodeAnthropicMessagesStream(events: AsyncIterable<StreamEvent>, context: EncodeContext): AsyncGenerator<string> {
  const indices = new Map<string, number>();
  const open = new Set<number>();
  let started = false;
  let usage: Usage | undefined;
  const reasoning = new Map<number, OpenReasoning>();

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
  const openBlock = function* (internal: string, block: Record<string, unknown>): Generator<string, number> {
    const index = indices.size;
    indices.set(internal, index);
    open.add(index);
    yield frame('content_block_start', { index, content_block: block });
    return index;
  };
  const closeBlock = function* (internal: string): Generator<string> {
    const index = indices.get(internal);
    if (index === undefined || !open.delete(index)) return;
    yield frame('content_block_stop', { index });
  };

  const openThinking = function* (internal: number, state: OpenReasoning): Generator<string, number> {
    if (state.opened === undefined) {
      state.opened = 'thinking';
      return yield* openBlock(`r:${internal}`, { type: 'thinking', thinking: '', signature: '' });
    }
    return indices.get(`r:${internal}`) ?? -1;
  };

  for await (const event of events) {
    yield* start();
    switch (event.type) {
      case 'reasoning-start':
        reasoning.set(event.index, { ...(event.family === undefined ? {} : { family: event.family }), ...(event.id === undefined ? {} : { id: event.id }), signed: false });
        break;
      case 'reasoning-delta': {
        const state = reasoning.get(event.index);
        if (state === undefined || state.opened === 'redacted') break;
        const index = yield* openThinking(event.index, state);
        yield frame('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: event.delta } });
        break;
      }
      case 'reasoning-signature': {
        const state = reasoning.get(event.index);
        if (state === undefined) break;
        if (event.redacted !== undefined && state.family === 'anthropic' && state.opened === undefined) {
          state.opened = 'redacted';
          yield* openBlock(`r:${event.index}`, { type: 'redacted_thinking', data: event.redacted });
          break;
        }
        if (event.signature !== undefined) state.signature = event.signature;
        if (event.encrypted !== undefined) state.encrypted = event.encrypted;
        if (state.family === 'anthropic' && event.signature !== undefined && !state.signed) {
          const index = yield* openThinking(event.index, state);
          state.signed = true;
          yield frame('content_block_delta', { index, delta: { type: 'signature_delta', signature: event.signature } });
        }
        break;
      }
      case 'reasoning-end': {
        const state = reasoning.get(event.index);
        if (state === undefined) break;
        const index = yield* openThinking(event.index, state);
        if (state.opened === 'thinking' && !state.signed) {
          state.signed = true;
          yield frame('content_block_delta', { index, delta: { type: 'signature_delta', signature: encodeReasoningSignature(state) } });
        }
        yield* closeBlock(`r:${event.index}`);
        break;
      }
      case 'provider-part':
        if (event.part.family === 'anthropic') {
          yield* openBlock(`p:${event.index}`, { ...event.part.value, type: event.part.kind });
          yield* closeBlock(`p:${event.index}`);
        }
        break;
      case 'text-start':
        yield* openBlock(`c:${event.index}`, { type: 'text', text: '' });
        break;
      case 'text-delta': {
        const index = indices.get(`c:${event.index}`) ?? (yield* openBlock(`c:${event.index}`, { type: 'text', text: '' }));
        yield frame('content_block_delta', { index, delta: { type: 'text_delta', text: event.delta } });
        break;
      }
      case 'text-citation': {
        if (event.citation.family !== 'anthropic') break;
        const index = indices.get(`c:${event.index}`) ?? (yield* openBlock(`c:${event.index}`, { type: 'text', text: '' }));
        yield frame('content_block_delta', { index, delta: { type: 'citations_delta', citation: event.citation.value } });
        break;
      }
      case 'tool-call-start':
        yield* openBlock(`c:${event.index}`, { type: 'tool_use', id: event.id, name: event.name, input: {} });
        break;
      case 'tool-call-delta': {
        const index = indices.get(`c:${event.index}`);
        if (index !== undefined) yield frame('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: event.argumentsDelta } });
        break;
      }
      case 'text-end':
      case 'tool-call-end':
        yield* closeBlock(`c:${event.index}`);
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
