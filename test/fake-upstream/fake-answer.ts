/**
 * The provider-neutral answer the fake upstream gives: text split into stream pieces, an optional
 * tool call with its JSON arguments split into pieces, and deterministic usage. Wire builders
 * turn it into each provider's format.
 */
import type { FakeCustomToolCall, FakeReasoning, FakeToolCall, FakeUrlCitation, FakeUsageOverride, FakeWebSearch } from './fake-behavior.ts';
import type { FakePrompt } from './read-fake-prompt.ts';

export interface FakeAnswerToolCall {
  name: string;
  thoughtSignature?: string;
  arguments: Record<string, unknown>;
  argumentsJson: string;
  argumentsPieces: readonly string[];
}

export interface FakeAnswerUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheCreationInputTokens: number;
  cacheCreation1hInputTokens: number;
  reasoningTokens: number;
}

export interface FakeAnswer {
  /** Per-server request number, used to build deterministic ids. */
  sequence: number;
  model: string;
  /** Unix seconds. */
  created: number;
  text: string;
  textPieces: readonly string[];
  toolCall: FakeAnswerToolCall | undefined;
  /** Reasoning before the answer, with its text split into stream pieces. */
  reasoning: (FakeReasoning & { textPieces: readonly string[] }) | undefined;
  /** A freeform tool call (Responses wire), with its input split into stream pieces. */
  customToolCall: (FakeCustomToolCall & { inputPieces: readonly string[] }) | undefined;
  /** A server web search before the text (Anthropic wire). */
  webSearch: FakeWebSearch | undefined;
  /** `url_citation` annotations over the text (OpenAI Chat wire). */
  urlCitations: readonly FakeUrlCitation[] | undefined;
  usage: FakeAnswerUsage;
}

export interface FakeAnswerScript {
  text?: string;
  toolCall?: FakeToolCall;
  reasoning?: FakeReasoning;
  customToolCall?: FakeCustomToolCall;
  webSearch?: FakeWebSearch;
  urlCitations?: readonly FakeUrlCitation[];
  chunks?: number | readonly string[];
  usage?: FakeUsageOverride;
}

const defaultPieceCount = 3;
const toolArgumentsPieceCount = 3;

/** Splits text into `count` pieces of near-equal length (fewer when the text is shorter). */
export function splitIntoPieces(text: string, count: number): string[] {
  if (text === '') return [];
  const pieceCount = Math.max(1, Math.min(count, text.length));
  const size = Math.ceil(text.length / pieceCount);
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}

function estimateTokens(chars: number): number {
  return Math.max(1, Math.ceil(chars / 4));
}

export function buildFakeAnswer(
  script: FakeAnswerScript,
  prompt: FakePrompt,
  model: string,
  sequence: number,
  nowMs: number,
): FakeAnswer {
  const chunks = script.chunks;
  const text = Array.isArray(chunks)
    ? chunks.join('')
    : (script.text ?? (script.toolCall === undefined && script.customToolCall === undefined ? `echo: ${prompt.lastUserText}` : ''));
  const textPieces = Array.isArray(chunks)
    ? chunks.filter((piece) => piece !== '')
    : splitIntoPieces(text, typeof chunks === 'number' ? chunks : defaultPieceCount);
  let toolCall: FakeAnswerToolCall | undefined;
  if (script.toolCall !== undefined) {
    const argumentsJson = JSON.stringify(script.toolCall.arguments);
    toolCall = {
      name: script.toolCall.name,
      arguments: script.toolCall.arguments,
      argumentsJson,
      argumentsPieces: splitIntoPieces(argumentsJson, toolArgumentsPieceCount),
    };
    if (script.toolCall.thoughtSignature !== undefined) toolCall.thoughtSignature = script.toolCall.thoughtSignature;
  }
  const reasoning = script.reasoning === undefined ? undefined : { ...script.reasoning, textPieces: splitIntoPieces(script.reasoning.text, defaultPieceCount) };
  const customToolCall = script.customToolCall === undefined ? undefined : { ...script.customToolCall, inputPieces: splitIntoPieces(script.customToolCall.input, toolArgumentsPieceCount) };
  const outputChars =
    text.length +
    (reasoning?.text.length ?? 0) +
    (toolCall === undefined ? 0 : toolCall.name.length + toolCall.argumentsJson.length) +
    (customToolCall === undefined ? 0 : customToolCall.name.length + customToolCall.input.length);
  return {
    sequence,
    model,
    created: Math.floor(nowMs / 1000),
    text,
    textPieces,
    toolCall,
    reasoning,
    customToolCall,
    webSearch: script.webSearch,
    urlCitations: script.urlCitations,
    usage: {
      inputTokens: script.usage?.inputTokens ?? estimateTokens(prompt.promptChars),
      outputTokens: script.usage?.outputTokens ?? estimateTokens(outputChars),
      cachedInputTokens: script.usage?.cachedInputTokens ?? 0,
      cacheCreationInputTokens: script.usage?.cacheCreationInputTokens ?? 0,
      cacheCreation1hInputTokens: script.usage?.cacheCreation1hInputTokens ?? 0,
      reasoningTokens: script.usage?.reasoningTokens ?? 0,
    },
  };
}
