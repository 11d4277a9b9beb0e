import type { FinishReason, Usage } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { convertOpenAIUsage } from './convert-openai-usage.ts';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.ts';
import type { OpenAIChatChunk } from './openai-wire.ts';

/**
 * OpenAI chat chunks → stream events. Content blocks get indices in order of appearance (text and
 * tool calls share one index space, like Anthropic's content blocks). A stream that ends without a
 * finish reason or `[DONE]` was cut: that is an error, not a short answer.
 */
export async function* transformOpenAIStream(chunks: AsyncIterable<{ data: string }>): AsyncGenerator<StreamEvent> {
  let started = false;
  let nextIndex = 0;
  let textIndex: number | undefined;
  const toolIndices = new Map<number, number>();
  const openBlocks: Array<{ type: 'text' | 'tool'; index: number }> = [];
  let finishReason: FinishReason | undefined;
  let usage: Usage | undefined;
  let done = false;

  const closeBlocks = function* (): Generator<StreamEvent> {
    for (const block of openBlocks) yield block.type === 'text' ? { type: 'text-end', index: block.index } : { type: 'tool-call-end', index: block.index };
    openBlocks.length = 0;
    textIndex = undefined;
  };

  for await (const message of chunks) {
    if (message.data === '[DONE]') {
      done = true;
      break;
    }
    let chunk: OpenAIChatChunk;
    try {
      chunk = JSON.parse(message.data) as OpenAIChatChunk;
    } catch (error) {
      throw new UpstreamError({ kind: 'protocol', reason: 'upstream stream chunk is not JSON', cause: error });
    }
    if ((chunk as { error?: unknown }).error !== undefined) {
      throw new UpstreamError({ kind: 'stream-cut', reason: 'upstream sent an error event mid-stream' });
    }
    if (!started) {
      started = true;
      yield { type: 'response-start', id: chunk.id, reportedModel: chunk.model ? { kind: 'reported', name: chunk.model } : undefined };
    }
    if (chunk.usage) usage = convertOpenAIUsage(chunk.usage);
    const choice = chunk.choices?.[0];
    if (choice === undefined) continue;
    const { delta } = choice;
    if (typeof delta?.content === 'string' && delta.content !== '') {
      if (textIndex === undefined) {
        textIndex = nextIndex++;
        openBlocks.push({ type: 'text', index: textIndex });
        yield { type: 'text-start', index: textIndex };
      }
      yield { type: 'text-delta', index: textIndex, delta: delta.content };
    }
    for (const call of delta?.tool_calls ?? []) {
      let index = toolIndices.get(call.index);
      if (index === undefined) {
        index = nextIndex++;
        toolIndices.set(call.index, index);
        openBlocks.push({ type: 'tool', index });
        yield { type: 'tool-call-start', index, id: call.id ?? `call_${index}`, name: call.function?.name ?? '' };
      }
      if (call.function?.arguments) yield { type: 'tool-call-delta', index, argumentsDelta: call.function.arguments };
    }
    if (choice.finish_reason) {
      finishReason = mapOpenAIFinishReason(choice.finish_reason);
      yield* closeBlocks();
    }
  }
  if (!done && finishReason === undefined) {
    throw new UpstreamError({ kind: 'stream-cut', reason: 'upstream stream ended before it finished' });
  }
  yield* closeBlocks();
  if (usage) yield { type: 'usage', usage };
  yield { type: 'response-end', finishReason: finishReason ?? { unified: 'other', raw: undefined }, usage };
}
