import type { ChatResult } from '../../core/chat-result.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { convertGeminiFunctionCall } from './convert-gemini-function-call.ts';
import { convertGeminiUsage } from './convert-gemini-usage.ts';
import type { GeminiResponse } from './gemini-wire.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';

/**
 * A `generateContent` body → the internal result. Thought parts are not part of the answer.
 * `fallbackKey` makes tool-call ids unique when Gemini gives neither call ids nor a responseId.
 */
export function convertFromGeminiResponse(body: unknown, fallbackKey: string): ChatResult {
  const response = body as GeminiResponse;
  if (typeof response !== 'object' || response === null) throw new UpstreamError({ kind: 'protocol', reason: 'upstream answer is not an object' });
  const candidate = response.candidates?.[0];
  const blockReason = response.promptFeedback?.blockReason;
  if (candidate === undefined && blockReason === undefined) throw new UpstreamError({ kind: 'protocol', reason: 'upstream answer has no candidates' });
  const key = response.responseId ?? fallbackKey;
  const content: ChatResult['content'] = [];
  let calls = 0;
  for (const part of candidate?.content?.parts ?? []) {
    if (typeof part.text === 'string' && part.thought !== true && part.text !== '') {
      const last = content.at(-1);
      if (last?.type === 'text') content[content.length - 1] = { type: 'text', text: last.text + part.text };
      else content.push({ type: 'text', text: part.text });
    }
    if (part.functionCall !== undefined) content.push(convertGeminiFunctionCall(part.functionCall, key, calls++));
  }
  return {
    id: response.responseId,
    content,
    finishReason: candidate === undefined ? { unified: 'content-filter', raw: blockReason } : mapGeminiFinishReason(candidate.finishReason, calls > 0),
    usage: convertGeminiUsage(response.usageMetadata),
    reportedModel: response.modelVersion === undefined ? undefined : { kind: 'reported', name: response.modelVersion },
  };
}
