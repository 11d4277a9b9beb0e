/**
 * Test helper: what a client accumulating a stream ends up with, as a ChatResult, so a test can
 * check that folding a stream gives the same answer as the non-streaming call.
 */
import type { Citation, TextPart } from '../../router/core/chat-request.ts';
import type { ChatResult } from '../../router/core/chat-result.ts';
import type { StreamEvent } from '../../router/core/stream-event.ts';

export async function collectStreamEvents(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const collected: StreamEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

export function foldStreamEvents(events: readonly StreamEvent[]): ChatResult {
  const result: ChatResult = { id: undefined, content: [], finishReason: { unified: 'other', raw: undefined }, usage: undefined, reportedModel: undefined };
  const blocks = new Map<number, ChatResult['content'][number]>();
  // Citations of a part of a text block (OpenAI Chat annotations): a client splits the block at them, as the non-streamed answer is split.
  const spans: Array<{ index: number; start: number; end: number; citation: Citation }> = [];
  for (const event of events) {
    switch (event.type) {
      case 'response-start':
        result.id = event.id;
        result.reportedModel = event.reportedModel;
        break;
      case 'text-start':
        blocks.set(event.index, { type: 'text', text: '' });
        break;
      case 'tool-call-start':
        blocks.set(event.index, { type: 'tool-call', id: event.id, name: event.name, arguments: '' });
        break;
      case 'text-delta': {
        const block = blocks.get(event.index);
        if (block?.type !== 'text') throw new Error(`text-delta for block ${event.index} that is not an open text block`);
        block.text += event.delta;
        break;
      }
      case 'tool-call-delta': {
        const block = blocks.get(event.index);
        if (block?.type !== 'tool-call') throw new Error(`tool-call-delta for block ${event.index} that is not an open tool call`);
        block.arguments += event.argumentsDelta;
        break;
      }
      case 'reasoning-start':
        blocks.set(event.index, { type: 'reasoning', text: '', ...(event.family === undefined ? {} : { family: event.family }) });
        break;
      case 'reasoning-delta': {
        const block = blocks.get(event.index);
        if (block?.type !== 'reasoning') throw new Error(`reasoning-delta for block ${event.index} that is not an open reasoning block`);
        block.text += event.delta;
        break;
      }
      case 'provider-part':
        blocks.set(event.index, { type: 'provider', family: event.part.family, kind: event.part.kind, value: event.part.value });
        break;
      case 'text-citation': {
        const block = blocks.get(event.index);
        if (block?.type !== 'text') throw new Error(`text-citation for block ${event.index} that is not an open text block`);
        if (event.span === undefined) (block.citations ??= []).push(event.citation);
        else spans.push({ index: event.index, ...event.span, citation: event.citation });
        break;
      }
      case 'reasoning-signature': {
        const block = blocks.get(event.index);
        if (block?.type !== 'reasoning') throw new Error(`reasoning-signature for block ${event.index} that is not an open reasoning block`);
        if (event.signature !== undefined) block.signature = event.signature;
        if (event.encrypted !== undefined) block.encrypted = event.encrypted;
        if (event.redacted !== undefined) block.redacted = event.redacted;
        break;
      }
      case 'refusal-delta': {
        const block = blocks.get(event.index) ?? { type: 'refusal', text: '' };
        if (block.type !== 'refusal') throw new Error(`refusal-delta for block ${event.index} that is not a refusal`);
        block.text += event.delta;
        blocks.set(event.index, block);
        break;
      }
      case 'response-end':
        result.finishReason = event.finishReason;
        result.usage = event.usage;
        break;
      default:
        break;
    }
  }
  result.content = [...blocks.entries()].sort(([left], [right]) => left - right).flatMap(([index, block]): ChatResult['content'] => (block.type === 'text' ? splitAtSpans(block, spans.filter((span) => span.index === index)) : [block]));
  return result;
}

function splitAtSpans(block: TextPart, spans: ReadonlyArray<{ start: number; end: number; citation: Citation }>): TextPart[] {
  if (spans.length === 0) return [block];
  const edges = [...new Set([0, block.text.length, ...spans.flatMap((span) => [span.start, span.end])])].sort((a, b) => a - b);
  return edges.slice(0, -1).map((from, position) => {
    const to = edges[position + 1]!;
    const citations = [...(block.citations ?? []), ...spans.filter((span) => span.start <= from && span.end >= to).map((span) => span.citation)];
    return citations.length === 0 ? { type: 'text', text: block.text.slice(from, to) } : { type: 'text', text: block.text.slice(from, to), citations };
  });
}
