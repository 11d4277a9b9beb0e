import type { FinishReason, Usage } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { safeExcerpt } from '../http/redact-secrets.ts';
import { convertOpenAIUsage } from './convert-openai-usage.ts';
import { reasoningTextOf } from './convert-from-openai-response.ts';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.ts';
import type { OpenAIChatChunk } from './openai-wire.ts';
import { urlCitationSpansOf } from './split-text-at-url-citations.ts';

type Block = { type: 'reasoning' | 'text' | 'refusal' | 'tool'; index: number };

function parseChunk(data: string): OpenAIChatChunk {
  try {
    return JSON.parse(data) as OpenAIChatChunk;
  } catch (error) {
    throw new UpstreamError({ kind: 'protocol', reason: 'upstream stream chunk is not JSON', cause: error });
  }
}

function endOf(block: Block): StreamEvent | undefined {
  switch (block.type) {
    case 'reasoning':
      return { type: 'reasoning-end', index: block.index };
    case 'text':
      return { type: 'text-end', index: block.index };
    case 'tool':
      return { type: 'tool-call-end', index: block.index };
    case 'refusal':
      return undefined;
  }
}

/**
 * OpenAI chat chunks → stream events. Content blocks get indices in order of appearance (reasoning,
 * text, refusal and tool calls share one index space, like Anthropic's content blocks). Reasoning
 * deltas of OpenAI-compatible servers (`reasoning_content`: DeepSeek, vLLM; `reasoning`: Ollama's
 * /v1) become reasoning events; the reasoning block ends when the answer starts. A stream that
 * ends without a finish reason or `[DONE]` was cut: that is an error, not a short answer.
 * `delta.annotations` (search models' `url_citation`s) become text-citation events with their span
 * as the text block ends (the non-streamed path splits the text at the spans instead).
 */
export async function* transformOpenAIStream(chunks: AsyncIterable<{ data: string }>): AsyncGenerator<StreamEvent> {
  let started = false;
  let nextIndex = 0;
  const current: Partial<Record<'reasoning' | 'text' | 'refusal', Block>> = {};
  const toolIndices = new Map<number, number>();
  const openBlocks: Block[] = [];
  let finishReason: FinishReason | undefined;
  let usage: Usage | undefined;
  let done = false;
  // The answer text so far and the url citations over it; a citation is checked against the whole text, so it goes out as the text block ends.
  let contentLength = 0;
  const annotations: unknown[] = [];

  const open = function* (type: 'reasoning' | 'text' | 'refusal'): Generator<StreamEvent, number> {
    const existing = current[type];
    if (existing !== undefined) return existing.index;
    const block: Block = { type, index: nextIndex++ };
    current[type] = block;
    openBlocks.push(block);
    if (type === 'reasoning') yield { type: 'reasoning-start', index: block.index };
    else if (type === 'text') yield { type: 'text-start', index: block.index };
    return block.index;
  };
  const closeReasoning = function* (): Generator<StreamEvent> {
    const block = current.reasoning;
    if (block === undefined) return;
    yield { type: 'reasoning-end', index: block.index };
    openBlocks.splice(openBlocks.indexOf(block), 1);
    delete current.reasoning;
  };
  const citationsOf = function* (block: Block): Generator<StreamEvent> {
    if (block.type !== 'text' || annotations.length === 0) return;
    for (const { start, end, citation } of urlCitationSpansOf(contentLength, annotations)) {
      yield { type: 'text-citation', index: block.index, citation, ...(start === 0 && end === contentLength ? {} : { span: { start, end } }) };
    }
    annotations.length = 0;
  };
  const closeBlocks = function* (): Generator<StreamEvent> {
    for (const block of openBlocks) {
      yield* citationsOf(block);
      const end = endOf(block);
      if (end !== undefined) yield end;
    }
    openBlocks.length = 0;
    delete current.reasoning;
    delete current.text;
    delete current.refusal;
  };

  for await (const message of chunks) {
    if (message.data === '[DONE]') {
      done = true;
      break;
    }
    const chunk = parseChunk(message.data);
    const error = (chunk as { error?: { message?: unknown } | string }).error;
    if (error !== undefined && error !== null) {
      const detail = typeof error === 'string' ? error : typeof error.message === 'string' ? error.message : '';
      throw new UpstreamError({ kind: 'stream-cut', reason: detail === '' ? 'upstream sent an error event mid-stream' : `upstream stream error: ${safeExcerpt(detail)}` });
    }
    if (!started) {
      started = true;
      yield { type: 'response-start', id: chunk.id, reportedModel: chunk.model ? { kind: 'reported', name: chunk.model } : undefined };
    }
    if (chunk.usage) usage = convertOpenAIUsage(chunk.usage);
    const choice = chunk.choices?.[0];
    if (choice === undefined) continue;
    const { delta } = choice;
    const reasoning = reasoningTextOf(delta);
    if (reasoning !== undefined) {
      const index = yield* open('reasoning');
      yield { type: 'reasoning-delta', index, delta: reasoning };
    }
    if (typeof delta?.content === 'string' && delta.content !== '') {
      yield* closeReasoning();
      const index = yield* open('text');
      contentLength += delta.content.length;
      yield { type: 'text-delta', index, delta: delta.content };
    }
    // Search models (`url_citation`, offsets into the whole content) annotate what they have already streamed.
    const annotated = delta?.annotations;
    if (Array.isArray(annotated)) annotations.push(...(annotated as unknown[]));
    if (typeof delta?.refusal === 'string' && delta.refusal !== '') {
      yield* closeReasoning();
      const index = yield* open('refusal');
      yield { type: 'refusal-delta', index, delta: delta.refusal };
    }
    for (const call of delta?.tool_calls ?? []) {
      let index = toolIndices.get(call.index);
      if (index === undefined) {
        yield* closeReasoning();
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
