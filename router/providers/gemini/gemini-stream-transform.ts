import type { FinishReason, Usage } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { safeExcerpt } from '../http/redact-secrets.ts';
import { convertGeminiFunctionCall } from './convert-gemini-function-call.ts';
import { convertGeminiUsage } from './convert-gemini-usage.ts';
import type { GeminiErrorBody, GeminiResponse } from './gemini-wire.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';

/**
 * `streamGenerateContent?alt=sse` messages (each a whole GenerateContentResponse) → stream events.
 * Text and function calls share one block index space; a function call arrives whole, so it is
 * start + one delta with the whole arguments JSON + end. Usage comes from the last message that has
 * it. Thought parts (asked for with `includeThoughts`) are reasoning blocks of the family
 * 'gemini', their thought signature a reasoning-signature; a function call's own thoughtSignature is a
 * signature-only reasoning block right before the call. A stream that ends without a finishReason was cut: that is an error, not a short answer.
 */
export async function* transformGeminiStream(messages: AsyncIterable<{ data: string }>, fallbackKey: string): AsyncGenerator<StreamEvent> {
  let started = false;
  let key = fallbackKey;
  let nextIndex = 0;
  let textIndex: number | undefined;
  let reasoningIndex: number | undefined;
  let calls = 0;
  let rawFinish: string | undefined;
  let blocked: string | undefined;
  let usage: Usage | undefined;

  for await (const message of messages) {
    let chunk: GeminiResponse & GeminiErrorBody;
    try {
      chunk = JSON.parse(message.data) as GeminiResponse & GeminiErrorBody;
    } catch (error) {
      throw new UpstreamError({ kind: 'protocol', reason: 'upstream stream chunk is not JSON', cause: error });
    }
    if (chunk.error !== undefined) {
      throw new UpstreamError({ kind: 'stream-cut', reason: `upstream sent an error mid-stream: ${safeExcerpt(chunk.error.message ?? chunk.error.status ?? 'unknown')}` });
    }
    if (!started) {
      started = true;
      key = chunk.responseId ?? fallbackKey;
      yield { type: 'response-start', id: chunk.responseId, reportedModel: chunk.modelVersion === undefined ? undefined : { kind: 'reported', name: chunk.modelVersion } };
    }
    if (chunk.usageMetadata !== undefined) usage = convertGeminiUsage(chunk.usageMetadata);
    if (chunk.promptFeedback?.blockReason !== undefined) blocked = chunk.promptFeedback.blockReason;
    const candidate = chunk.candidates?.[0];
    for (const part of candidate?.content?.parts ?? []) {
      if (part.thought === true && typeof part.text === 'string') {
        if (reasoningIndex === undefined) {
          reasoningIndex = nextIndex++;
          yield { type: 'reasoning-start', index: reasoningIndex, family: 'gemini' };
        }
        if (part.text !== '') yield { type: 'reasoning-delta', index: reasoningIndex, delta: part.text };
        if (typeof part.thoughtSignature === 'string') yield { type: 'reasoning-signature', index: reasoningIndex, signature: part.thoughtSignature };
        continue;
      }
      if (reasoningIndex !== undefined) {
        yield { type: 'reasoning-end', index: reasoningIndex };
        reasoningIndex = undefined;
      }
      if (typeof part.text === 'string' && part.thought !== true && part.text !== '') {
        if (textIndex === undefined) {
          textIndex = nextIndex++;
          yield { type: 'text-start', index: textIndex };
        }
        yield { type: 'text-delta', index: textIndex, delta: part.text };
      }
      if (part.functionCall !== undefined) {
        if (textIndex !== undefined) {
          yield { type: 'text-end', index: textIndex };
          textIndex = undefined;
        }
        if (typeof part.thoughtSignature === 'string') {
          // The call's own signature: a signature-only reasoning block just before it (see convert-from-gemini-response.ts).
          const signed = nextIndex++;
          yield { type: 'reasoning-start', index: signed, family: 'gemini' };
          yield { type: 'reasoning-signature', index: signed, signature: part.thoughtSignature };
          yield { type: 'reasoning-end', index: signed };
        }
        const call = convertGeminiFunctionCall(part.functionCall, key, calls++);
        const index = nextIndex++;
        yield { type: 'tool-call-start', index, id: call.id, name: call.name };
        yield { type: 'tool-call-delta', index, argumentsDelta: call.arguments };
        yield { type: 'tool-call-end', index };
      }
    }
    if (candidate?.finishReason !== undefined) rawFinish = candidate.finishReason;
  }
  if (rawFinish === undefined && blocked === undefined) throw new UpstreamError({ kind: 'stream-cut', reason: 'upstream stream ended before it finished' });
  if (reasoningIndex !== undefined) yield { type: 'reasoning-end', index: reasoningIndex };
  if (textIndex !== undefined) yield { type: 'text-end', index: textIndex };
  const finishReason: FinishReason = rawFinish === undefined ? { unified: 'content-filter', raw: blocked } : mapGeminiFinishReason(rawFinish, calls > 0);
  if (usage) yield { type: 'usage', usage };
  yield { type: 'response-end', finishReason, usage };
}
