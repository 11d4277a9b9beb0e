import type { StreamEvent } from '../../core/stream-event.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { createAnthropicStreamError } from './anthropic-error.ts';
import type { AnthropicOtherBlock, AnthropicRedactedThinkingBlock, AnthropicStreamEvent, AnthropicTextBlock, AnthropicToolUseBlock, AnthropicUsage } from './anthropic-wire.ts';
import { convertAnthropicCitation, convertAnthropicCitations } from './convert-anthropic-citation.ts';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.ts';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.ts';

/**
 * What an open content block is, by its Anthropic index. `json` is the forced JSON tool: text to
 * us. `other` is a block the internal format has no type for, gathered whole (its input_json_delta
 * pieces too) and emitted as one provider part when it stops.
 */
type BlockKind = 'text' | 'tool' | 'json' | 'reasoning' | { other: AnthropicOtherBlock; json: string };

function parseEvent(data: string): AnthropicStreamEvent {
  try {
    return JSON.parse(data) as AnthropicStreamEvent;
  } catch (error) {
    throw new UpstreamError({ kind: 'protocol', reason: 'upstream stream event is not JSON', cause: error });
  }
}

function providerPartOf(other: AnthropicOtherBlock, json: string): Record<string, unknown> {
  if (json === '') return other;
  try {
    return { ...other, input: JSON.parse(json) as unknown };
  } catch (error) {
    throw new UpstreamError({ kind: 'protocol', reason: `upstream ${other.type} block input is not JSON`, cause: error });
  }
}

function endOf(kind: BlockKind, index: number): StreamEvent {
  if (kind === 'tool') return { type: 'tool-call-end', index };
  if (kind === 'reasoning') return { type: 'reasoning-end', index };
  if (typeof kind === 'object') return { type: 'provider-part', index, part: { family: 'anthropic', kind: kind.other.type, value: providerPartOf(kind.other, kind.json) } };
  return { type: 'text-end', index };
}

/**
 * Anthropic stream events (message_start … message_stop) → internal stream events. Block indices
 * are Anthropic's own. A text block's citations (`citations_delta`) are text-citation events. An `error` event, or a stream that ends before `message_stop`, is a cut
 * stream (UpstreamError kind 'stream-cut'), never a short answer. thinking blocks become reasoning
 * events (thinking_delta → reasoning-delta, signature_delta → reasoning-signature), a
 * redacted_thinking block a reasoning block with only its data; any other block (server tool use
 * and results, types added later) one provider-part event when it stops. Unknown event and delta
 * types are skipped, as Anthropic's versioning asks.
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
          const { text, citations } = block as AnthropicTextBlock;
          if (typeof text === 'string' && text !== '') yield { type: 'text-delta', index: event.index, delta: text };
          for (const citation of convertAnthropicCitations(citations) ?? []) yield { type: 'text-citation', index: event.index, citation };
        } else if (block.type === 'tool_use') {
          const call = block as AnthropicToolUseBlock;
          const isJson = options.jsonToolName !== undefined && call.name === options.jsonToolName;
          open.set(event.index, isJson ? 'json' : 'tool');
          if (isJson) jsonToolAnswered = true;
          yield isJson ? { type: 'text-start', index: event.index } : { type: 'tool-call-start', index: event.index, id: call.id, name: call.name };
          const initial = typeof call.input === 'object' && call.input !== null && Object.keys(call.input).length > 0 ? JSON.stringify(call.input) : '';
          if (initial !== '') yield isJson ? { type: 'text-delta', index: event.index, delta: initial } : { type: 'tool-call-delta', index: event.index, argumentsDelta: initial };
        } else if (block.type === 'thinking' || block.type === 'redacted_thinking') {
          open.set(event.index, 'reasoning');
          yield { type: 'reasoning-start', index: event.index, family: 'anthropic' };
          if (block.type === 'redacted_thinking') yield { type: 'reasoning-signature', index: event.index, redacted: String((block as AnthropicRedactedThinkingBlock).data) };
        } else {
          open.set(event.index, { other: block, json: '' });
        }
        break;
      }
      case 'content_block_delta': {
        const kind = open.get(event.index);
        const { delta } = event;
        if (kind === 'text' && delta.type === 'text_delta') {
          const { text } = delta as { text: string };
          if (text !== '') yield { type: 'text-delta', index: event.index, delta: text };
        } else if (kind === 'text' && delta.type === 'citations_delta') {
          const { citation } = delta as { citation?: unknown };
          if (typeof citation === 'object' && citation !== null) yield { type: 'text-citation', index: event.index, citation: convertAnthropicCitation(citation as Record<string, unknown>) };
        } else if (kind === 'reasoning' && delta.type === 'thinking_delta') {
          const { thinking } = delta as { thinking: string };
          if (thinking !== '') yield { type: 'reasoning-delta', index: event.index, delta: thinking };
        } else if (kind === 'reasoning' && delta.type === 'signature_delta') {
          yield { type: 'reasoning-signature', index: event.index, signature: (delta as { signature: string }).signature };
        } else if (typeof kind === 'object' && delta.type === 'input_json_delta') {
          kind.json += (delta as { partial_json: string }).partial_json;
        } else if ((kind === 'tool' || kind === 'json') && delta.type === 'input_json_delta') {
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
