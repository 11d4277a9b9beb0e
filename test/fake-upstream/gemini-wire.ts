/**
 * Gemini generateContent wire: `GenerateContentResponse` bodies, `streamGenerateContent?alt=sse`
 * frames (one response per `data:` line, the last with finishReason and full usageMetadata) and
 * `{ error: { code, message, status } }` errors. The model comes from the URL path, not the body.
 */
import type { FakeAnswer } from './fake-answer.ts';
import { idSuffix, type FakeWire, type JsonObject } from './fake-wire.ts';
import { readFakePrompt } from './read-fake-prompt.ts';

function geminiSse(value: unknown): string {
  return `data: ${JSON.stringify(value)}\r\n\r\n`;
}

function usageMetadata(answer: FakeAnswer, candidatesTokenCount: number | undefined): JsonObject {
  const { inputTokens, cachedInputTokens } = answer.usage;
  const usage: JsonObject = { promptTokenCount: inputTokens };
  if (candidatesTokenCount !== undefined) usage.candidatesTokenCount = candidatesTokenCount;
  usage.totalTokenCount = inputTokens + (candidatesTokenCount ?? 0);
  if (cachedInputTokens > 0) usage.cachedContentTokenCount = cachedInputTokens;
  if (candidatesTokenCount !== undefined && answer.usage.reasoningTokens > 0) usage.thoughtsTokenCount = answer.usage.reasoningTokens;
  usage.promptTokensDetails = [{ modality: 'TEXT', tokenCount: inputTokens }];
  return usage;
}

function responseOf(answer: FakeAnswer, parts: JsonObject[], finished: boolean): JsonObject {
  const candidate: JsonObject = { content: { parts, role: 'model' } };
  if (finished) candidate.finishReason = 'STOP';
  candidate.index = 0;
  return {
    candidates: [candidate],
    usageMetadata: usageMetadata(answer, finished ? answer.usage.outputTokens : undefined),
    modelVersion: answer.model,
    responseId: `fake-${idSuffix(answer.sequence)}`,
  };
}

function functionCallPart(answer: FakeAnswer): JsonObject[] {
  const call = answer.toolCall;
  if (call === undefined) return [];
  return [{ functionCall: { name: call.name, args: call.arguments }, ...(call.thoughtSignature === undefined ? {} : { thoughtSignature: call.thoughtSignature }) }];
}

/** A scripted reasoning as Gemini's thought parts (what `includeThoughts` returns), its signature on the last. */
function thoughtParts(answer: FakeAnswer, pieces: readonly string[]): JsonObject[] {
  const { reasoning } = answer;
  if (reasoning === undefined) return [];
  return pieces.map((text, position) => ({ text, thought: true, ...(position === pieces.length - 1 && reasoning.signature !== undefined ? { thoughtSignature: reasoning.signature } : {}) }));
}

export function buildGeminiResponse(answer: FakeAnswer): JsonObject {
  const parts: JsonObject[] = thoughtParts(answer, answer.reasoning === undefined ? [] : [answer.reasoning.text]);
  if (!(answer.text === '' && answer.toolCall !== undefined)) parts.push({ text: answer.text });
  parts.push(...functionCallPart(answer));
  return responseOf(answer, parts, true);
}

/** Gemini streams text in pieces and a function call whole; the last frame carries the finish. */
export function buildGeminiStreamFrames(answer: FakeAnswer): string[] {
  const payloads: JsonObject[][] = [...thoughtParts(answer, answer.reasoning?.textPieces ?? []).map((part) => [part]), ...answer.textPieces.map((text) => [{ text }])];
  if (answer.toolCall !== undefined) payloads.push(functionCallPart(answer));
  if (payloads.length === 0) payloads.push([{ text: '' }]);
  return payloads.map((parts, position) => geminiSse(responseOf(answer, parts, position === payloads.length - 1)));
}

const errorStatuses: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export function buildGeminiError(status: number, message: string): JsonObject {
  return { error: { code: status, message, status: errorStatuses[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION') } };
}

export const geminiWire: FakeWire = {
  name: 'gemini',
  streamContentType: 'text/event-stream',
  validateRequest(body) {
    if (!Array.isArray(body.contents)) return '* GenerateContentRequest.contents: contents is not specified';
    return undefined;
  },
  readPrompt: (body) => {
    const system = body.systemInstruction as { parts?: unknown } | undefined;
    return readFakePrompt(body.contents, 'parts', system?.parts);
  },
  buildResponse: buildGeminiResponse,
  buildStreamFrames: buildGeminiStreamFrames,
  buildError: buildGeminiError,
  malformedBody: '{"candidates":[{"content":{"parts":[{"text":',
  malformedStreamFrames: [
    geminiSse({ candidates: [{ content: { parts: [{ text: 'ok' }], role: 'model' }, index: 0 }] }),
    'data: {"candidates":[{"content":{"parts":[{"tex\r\n\r\n',
  ],
};
