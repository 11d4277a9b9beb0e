/**
 * What every provider wire module provides to the fake upstream: request reading and validation,
 * the non-streaming body, the stream frames (pre-serialised, one string per frame), the error body.
 */
import type { FakeAnswer } from './fake-answer.ts';
import type { JsonObject } from './json-object.ts';
import type { FakePrompt } from './read-fake-prompt.ts';

export type { JsonObject } from './json-object.ts';

export type FakeWireName = 'openai-chat' | 'anthropic-messages' | 'gemini' | 'ollama' | 'openai-responses' | 'bedrock-converse';

export interface FakeWire {
  readonly name: FakeWireName;
  readonly streamContentType: string;
  /** How stream frames are written (default utf8); `latin1` for a binary wire whose frames hold one byte per character. */
  readonly streamEncoding?: BufferEncoding;
  /** A provider-style problem message when the body is not a valid request, else undefined. */
  validateRequest(body: JsonObject): string | undefined;
  readPrompt(body: JsonObject): FakePrompt;
  /** The non-streaming body; `body` is the request, for wires that echo parts of it. */
  buildResponse(answer: FakeAnswer, body: JsonObject): JsonObject;
  buildStreamFrames(answer: FakeAnswer, body: JsonObject): string[];
  buildError(status: number, message: string): JsonObject;
  /** 200 body that is not valid JSON. */
  readonly malformedBody: string;
  /** Stream frames of which at least one is garbage. */
  readonly malformedStreamFrames: readonly string[];
}

/** One SSE frame with only a data line. */
export function sseData(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

/** One SSE frame with an event name and a data line. */
export function sseEvent(event: string, value: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(value)}\n\n`;
}

/** Fixed-width decimal suffix for ids, e.g. 7 → "000007". */
export function idSuffix(sequence: number): string {
  return String(sequence).padStart(6, '0');
}
