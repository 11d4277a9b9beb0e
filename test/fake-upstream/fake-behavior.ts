import type { JsonObject } from './json-object.ts';

/**
 * What the fake upstream does with a request. A discriminated union on `kind`; every kind accepts
 * `latencyMs` (a wait before anything is sent).
 */

/** A scripted tool call; `arguments` is serialised to JSON and streamed in several pieces. */
export interface FakeToolCall {
  name: string;
  arguments: Record<string, unknown>;
  /** Gemini wire only: the `thoughtSignature` Gemini 3 puts on the function call part. */
  thoughtSignature?: string;
}

/** Usage numbers to report instead of the computed ones (prompt ≈ chars / 4). */
export interface FakeUsageOverride {
  inputTokens?: number;
  outputTokens?: number;
  cachedInputTokens?: number;
  /** Anthropic cache writes, all TTLs; of them, `cacheCreation1hInputTokens` with the 1-hour TTL. */
  cacheCreationInputTokens?: number;
  cacheCreation1hInputTokens?: number;
  /** OpenAI `completion_tokens_details.reasoning_tokens` (part of the output tokens). */
  reasoningTokens?: number;
}

/**
 * Scripted reasoning before the answer: Anthropic streams it as a `thinking` block (thinking_delta
 * pieces, then a signature_delta), OpenAI-compatible servers as `reasoning_content` deltas.
 * `redacted` adds an Anthropic `redacted_thinking` block with that data after it.
 * The Responses wire sends it as a `reasoning` item (the text as its summary, `encrypted` as
 * `encrypted_content` when the request includes it).
 */
export interface FakeReasoning {
  text: string;
  signature?: string;
  redacted?: string;
  encrypted?: string;
}

/** A freeform tool call (OpenAI Responses `custom_tool_call`, e.g. Codex's apply_patch): one string input. */
export interface FakeCustomToolCall {
  name: string;
  input: string;
}

/** Anthropic wire only: a server web search before the text, whose answer text cites the first result. */
export interface FakeWebSearch {
  query: string;
  results: ReadonlyArray<{ url: string; title: string }>;
  /** The passage of the first result the answer's text cites. */
  citedText: string;
}

/** A span of the answer text (offsets into the whole content) and the page it cites, as OpenAI's search models annotate it. */
export interface FakeUrlCitation {
  start: number;
  end: number;
  url: string;
  title: string;
}

export interface FakeOkBehavior {
  kind: 'ok';
  /** OpenAI Chat wire only: `url_citation` annotations on the message, streamed as a `delta.annotations` chunk after the content. */
  urlCitations?: readonly FakeUrlCitation[];
  /** Anthropic wire only: `server_tool_use` + `web_search_tool_result` blocks, then text that cites the first result. */
  webSearch?: FakeWebSearch;
  reasoning?: FakeReasoning;
  /** Responses wire only: a `custom_tool_call` item after the text (other wires ignore it). */
  customToolCall?: FakeCustomToolCall;
  /** Answer text; defaults to `echo: <last user text>`. Empty string with a tool call = tool call only. */
  text?: string;
  toolCall?: FakeToolCall;
  latencyMs?: number;
  /** Wait between stream frames. */
  chunkDelayMs?: number;
  /** Number of text pieces to stream (default 3), or the exact pieces (their join is the text). */
  chunks?: number | readonly string[];
  usage?: FakeUsageOverride;
  /** Extra response headers (rate limits, request ids…). */
  headers?: Record<string, string>;
}

export interface FakeStatusBehavior {
  kind: 'status';
  status: number;
  message?: string;
  /** Sent as the `retry-after` header (seconds). */
  retryAfter?: string;
  /** The JSON error body to send instead of the wire's own shape (e.g. with a `code` and `param`). */
  body?: JsonObject;
  /** Extra response headers (rate limits, request ids…). */
  headers?: Record<string, string>;
  latencyMs?: number;
}

/** Destroy the socket without any response. */
export interface FakeDropBehavior {
  kind: 'drop';
  latencyMs?: number;
}

/** Never answer, until the client goes away (or the server closes). */
export interface FakeHangBehavior {
  kind: 'hang';
}

/** Send `afterChunks` stream frames (or, non-streaming, half of the body), then destroy the socket. */
export interface FakeCutStreamBehavior {
  kind: 'cut-stream';
  afterChunks: number;
  text?: string;
  latencyMs?: number;
  chunkDelayMs?: number;
}

/** 200 with invalid JSON, or a stream with a garbage frame. */
export interface FakeMalformedBehavior {
  kind: 'malformed';
  latencyMs?: number;
}

/** Send the 200 head (stream or JSON, with its content-length), then destroy the socket: no body. */
export interface FakeResetAfterHeadersBehavior {
  kind: 'reset-after-headers';
  latencyMs?: number;
}

/** Send `afterChunks` stream frames (non-streaming: the head only), then go silent until the client leaves. */
export interface FakeStallBehavior {
  kind: 'stall';
  afterChunks: number;
  latencyMs?: number;
}

/** 200 with an empty body (a stream with no frames), ended cleanly. */
export interface FakeEmptyBehavior {
  kind: 'empty';
  latencyMs?: number;
}

/**
 * 200 whose body ends cleanly but early: the first half of the JSON (with a matching
 * content-length), or the first `afterChunks` frames and half of the next one.
 */
export interface FakeTruncatedBehavior {
  kind: 'truncated';
  afterChunks?: number;
  latencyMs?: number;
}

export type FakeBehavior =
  | FakeOkBehavior
  | FakeStatusBehavior
  | FakeDropBehavior
  | FakeHangBehavior
  | FakeCutStreamBehavior
  | FakeMalformedBehavior
  | FakeResetAfterHeadersBehavior
  | FakeStallBehavior
  | FakeEmptyBehavior
  | FakeTruncatedBehavior;

export type FakeBehaviorKind = FakeBehavior['kind'];

export const defaultFakeBehavior: FakeOkBehavior = Object.freeze({ kind: 'ok' });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOptionalHeaders(value: unknown): boolean {
  return value === undefined || (isRecord(value) && Object.values(value).every((header) => typeof header === 'string'));
}

function isOptionalNumber(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && Number.isFinite(value) && value >= 0);
}

function isToolCall(value: unknown): value is FakeToolCall {
  return isRecord(value) && typeof value.name === 'string' && isRecord(value.arguments);
}

function isChunks(value: unknown): boolean {
  if (value === undefined) return true;
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1;
  return Array.isArray(value) && value.every((piece) => typeof piece === 'string');
}

function describeProblem(value: Record<string, unknown>): string | undefined {
  if (!isOptionalNumber(value.latencyMs)) return 'latencyMs must be a non-negative number';
  switch (value.kind) {
    case 'ok':
      if (value.text !== undefined && typeof value.text !== 'string') return 'text must be a string';
      if (value.toolCall !== undefined && !isToolCall(value.toolCall)) return 'toolCall needs name and arguments object';
      if (value.reasoning !== undefined && !(isRecord(value.reasoning) && typeof value.reasoning.text === 'string')) return 'reasoning needs a text';
      if (value.customToolCall !== undefined && !(isRecord(value.customToolCall) && typeof value.customToolCall.name === 'string' && typeof value.customToolCall.input === 'string')) {
        return 'customToolCall needs name and input strings';
      }
      if (!isOptionalNumber(value.chunkDelayMs)) return 'chunkDelayMs must be a non-negative number';
      if (!isChunks(value.chunks)) return 'chunks must be a positive integer or an array of strings';
      if (value.usage !== undefined && !isRecord(value.usage)) return 'usage must be an object';
      if (!isOptionalHeaders(value.headers)) return 'headers must map names to strings';
      return undefined;
    case 'status':
      if (typeof value.status !== 'number' || value.status < 100 || value.status > 599) return 'status must be 100-599';
      if (value.message !== undefined && typeof value.message !== 'string') return 'message must be a string';
      if (value.retryAfter !== undefined && typeof value.retryAfter !== 'string') return 'retryAfter must be a string';
      if (!isOptionalHeaders(value.headers)) return 'headers must map names to strings';
      if (value.body !== undefined && !isRecord(value.body)) return 'body must be an object';
      return undefined;
    case 'cut-stream':
      if (typeof value.afterChunks !== 'number' || value.afterChunks < 0) return 'afterChunks must be a number >= 0';
      if (!isOptionalNumber(value.chunkDelayMs)) return 'chunkDelayMs must be a non-negative number';
      return undefined;
    case 'stall':
      if (typeof value.afterChunks !== 'number' || value.afterChunks < 0) return 'afterChunks must be a number >= 0';
      return undefined;
    case 'truncated':
      if (value.afterChunks !== undefined && (typeof value.afterChunks !== 'number' || value.afterChunks < 0)) return 'afterChunks must be a number >= 0';
      return undefined;
    case 'drop':
    case 'hang':
    case 'malformed':
    case 'reset-after-headers':
    case 'empty':
      return undefined;
    default:
      return `unknown kind ${JSON.stringify(value.kind)}`;
  }
}

/** Checks an untrusted value (e.g. the `x-fake-behavior` header) and returns it as a behaviour. */
export function parseFakeBehavior(value: unknown): FakeBehavior {
  if (!isRecord(value)) throw new TypeError('fake behavior must be an object');
  const problem = describeProblem(value);
  if (problem !== undefined) throw new TypeError(`invalid fake behavior: ${problem}`);
  return value as unknown as FakeBehavior;
}
