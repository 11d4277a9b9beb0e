import type { ChatResult } from '../../core/chat-result.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { convertGeminiFunctionCall } from './convert-gemini-function-call.ts';
import { convertGeminiUsage } from './convert-gemini-usage.ts';
import type { GeminiPart, GeminiResponse } from './gemini-wire.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';

function signatureOf(part: GeminiPart): { signature?: string } {
  return typeof part.thoughtSignature === 'string' ? { signature: part.thoughtSignature } : {};
}

/**
 * A `generateContent` body → the internal result. Thought parts (asked for with
 * `includeThoughts`) become reasoning parts of the family 'gemini', with their thought signature;
 * a function call's own `thoughtSignature` becomes a signature-only reasoning part (text '')
 * right before the tool call, so every client format that keeps signed reasoning carries it back.
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
    if (part.thought === true && typeof part.text === 'string') {
      const last = content.at(-1);
      if (last?.type === 'reasoning' && last.signature === undefined) content[content.length - 1] = { ...last, text: last.text + part.text, ...signatureOf(part) };
      else content.push({ type: 'reasoning', text: part.text, family: 'gemini', ...signatureOf(part) });
      continue;
    }
    if (typeof part.text === 'string' && part.thought !== true && part.text !== '') {
      const last = content.at(-1);
      if (last?.type === 'text') content[content.length - 1] = { type: 'text', text: last.text + part.text };
      else content.push({ type: 'text', text: part.text });
    }
    if (part.functionCall !== undefined) {
      // Gemini 3 signs the first function call of each step, and refuses the next turn without it:
      // a signature-only reasoning part just before the call carries it (see convert-to-gemini-contents.ts).
      if (typeof part.thoughtSignature === 'string') content.push({ type: 'reasoning', text: '', family: 'gemini', signature: part.thoughtSignature });
      content.push(convertGeminiFunctionCall(part.functionCall, key, calls++));
    }
  }
  return {
    id: response.responseId,
    content,
    finishReason: candidate === undefined ? { unified: 'content-filter', raw: blockReason } : mapGeminiFinishReason(candidate.finishReason, calls > 0),
    usage: convertGeminiUsage(response.usageMetadata),
    reportedModel: response.modelVersion === undefined ? undefined : { kind: 'reported', name: response.modelVersion },
  };
}
