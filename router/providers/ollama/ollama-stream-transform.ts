import type { FinishReason, Usage } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { safeExcerpt } from '../http/redact-secrets.ts';
import { convertOllamaToolCall } from './convert-ollama-tool-call.ts';
import { convertOllamaUsage } from './convert-ollama-usage.ts';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.ts';
import type { OllamaChatChunk } from './ollama-wire.ts';

/**
 * Ollama NDJSON lines → stream events. Text and tool calls share one block index space; a tool
 * call arrives whole, so it is start + one delta with the whole arguments JSON + end. A thinking
 * model's `message.thinking` pieces are a reasoning block (family 'ollama') before the answer. A stream
 * that ends without a `done: true` line was cut: that is an error, not a short answer.
 */
export async function* transformOllamaStream(lines: AsyncIterable<{ data: string }>, responseKey: string): AsyncGenerator<StreamEvent> {
  let started = false;
  let nextIndex = 0;
  let textIndex: number | undefined;
  let reasoningIndex: number | undefined;
  let toolCalls = 0;
  let finishReason: FinishReason | undefined;
  let usage: Usage | undefined;

  for await (const line of lines) {
    let chunk: OllamaChatChunk;
    try {
      chunk = JSON.parse(line.data) as OllamaChatChunk;
    } catch (error) {
      throw new UpstreamError({ kind: 'protocol', reason: 'upstream stream line is not JSON', cause: error });
    }
    if (typeof chunk.error === 'string') {
      throw new UpstreamError({ kind: 'stream-cut', reason: `upstream sent an error mid-stream: ${safeExcerpt(chunk.error)}` });
    }
    if (!started) {
      started = true;
      yield { type: 'response-start', id: undefined, reportedModel: chunk.model === undefined ? undefined : { kind: 'reported', name: chunk.model } };
    }
    const message = chunk.message;
    if (typeof message?.thinking === 'string' && message.thinking !== '') {
      if (reasoningIndex === undefined) {
        reasoningIndex = nextIndex++;
        yield { type: 'reasoning-start', index: reasoningIndex, family: 'ollama' };
      }
      yield { type: 'reasoning-delta', index: reasoningIndex, delta: message.thinking };
    }
    const answering = (typeof message?.content === 'string' && message.content !== '') || (message?.tool_calls?.length ?? 0) > 0;
    if (answering && reasoningIndex !== undefined) {
      yield { type: 'reasoning-end', index: reasoningIndex };
      reasoningIndex = undefined;
    }
    if (typeof message?.content === 'string' && message.content !== '') {
      if (textIndex === undefined) {
        textIndex = nextIndex++;
        yield { type: 'text-start', index: textIndex };
      }
      yield { type: 'text-delta', index: textIndex, delta: message.content };
    }
    for (const call of message?.tool_calls ?? []) {
      if (textIndex !== undefined) {
        yield { type: 'text-end', index: textIndex };
        textIndex = undefined;
      }
      const part = convertOllamaToolCall(call, responseKey, toolCalls++);
      const index = nextIndex++;
      yield { type: 'tool-call-start', index, id: part.id, name: part.name };
      yield { type: 'tool-call-delta', index, argumentsDelta: part.arguments };
      yield { type: 'tool-call-end', index };
    }
    if (chunk.done === true) {
      finishReason = mapOllamaFinishReason(chunk.done_reason, toolCalls > 0);
      usage = convertOllamaUsage(chunk);
      break;
    }
  }
  if (finishReason === undefined) throw new UpstreamError({ kind: 'stream-cut', reason: 'upstream stream ended before it finished' });
  if (reasoningIndex !== undefined) yield { type: 'reasoning-end', index: reasoningIndex };
  if (textIndex !== undefined) yield { type: 'text-end', index: textIndex };
  if (usage) yield { type: 'usage', usage };
  yield { type: 'response-end', finishReason, usage };
}
