import type { ChatParams, ChatRequest } from '../core/chat-request.ts';
import type { ChatResult } from '../core/chat-result.ts';
import type { ClientFormat } from '../core/chat-request.ts';
import type { StreamEvent } from '../core/stream-event.ts';
import type { Usage } from '../core/chat-result.ts';
import type { Embedder } from '../embeddings/embedder.ts';

/** Everything an adapter needs for one call. No framework objects, no routing state. */
export type ProviderCall = {
  /** Params already merged (defaults, the request's own, overrides). */
  request: ChatRequest;
  providerModel: string;
  /** Aborted when the client goes away or the attempt times out. */
  signal: AbortSignal;
  /** Also used as the idle timeout between stream chunks. */
  timeoutMs: number;
  /** Sink for what the translation could not honour; surfaced in a header and the audit. */
  warnings: string[];
  /** Sink for the upstream's rate-limit, retry-after and request-id headers, passed back to the client. */
  upstreamHeaders?: Record<string, string>;
  /** Set on the same-format path only: the client's own request, to send with the gateway's edits. */
  carried?: CarriedRequest;
  /** The attempt's trace context (`traceparent`) when telemetry is on: sent with the call. */
  traceHeaders?: Readonly<Record<string, string>>;
};

/**
 * A later edit of a carried body (a guardrail redacting a message, filtering tools…). Pure: it
 * returns a new body (sharing what it did not change) and never mutates its input.
 */
export type CarriedBodyEdit = (body: Readonly<Record<string, unknown>>) => { value: Record<string, unknown>; warnings: string[] };

/**
 * Same-format carry-through: the upstream receives the client's body as sent, except the edits the
 * gateway owns and documents (README "Same-format carry-through"): `model` replaced by the
 * provider's model id, `params` applied in the wire's names, the `max_output_tokens` cap, then
 * `edits` in order. Everything else (unknown fields, roles, blocks) goes through untouched.
 */
export type CarriedRequest = {
  /** The client's parsed JSON body, deep-frozen: failover replays it, nobody mutates it. */
  body: Readonly<Record<string, unknown>>;
  /** The JSON text `body` was parsed from, when known: members the gateway does not edit are sent as these bytes (carry/carried-json.ts). */
  bodyText?: string;
  /** The client's protocol headers on the allow-list (lower-case names); never credentials. */
  headers: Readonly<Record<string, string>>;
  /**
   * What the gateway sets, in internal names: router/target defaults the client did not set,
   * overrides, and `maxTokens` when the cap applies (or the client sent none and a cap exists).
   */
  params: Readonly<Partial<ChatParams>>;
  /** Applied after `params`, in order. */
  edits: readonly CarriedBodyEdit[];
};

/**
 * A provider adapter translates the internal request to its wire format, calls the provider and
 * translates the answer back. Failures are thrown as UpstreamError. A stream that fails before its
 * first event throws from the first `next()`, so the executor can still fail over.
 */
export interface ProviderAdapter {
  readonly type: string;
  chat(call: ProviderCall): Promise<ChatResult>;
  stream(call: ProviderCall): AsyncIterable<StreamEvent>;
  close(): Promise<void>;
  /** Present when the adapter can answer a client of its own wire format without translating back. */
  readonly passthrough?: PassthroughAdapter;
  /**
   * Present on the OpenAI Responses adapter: a sub-endpoint (`input_tokens`, `compact`) called with
   * the client's carried body, its JSON answer returned as it came, with the usage it reports.
   */
  forward?(call: ProviderCall, endpoint: 'input_tokens' | 'compact'): Promise<ForwardedAnswer>;
  /** Present when the adapter's own wire has an embeddings endpoint (OpenAI, Azure OpenAI), sharing its pool and credentials. */
  readonly embedder?: Embedder;
}

/** A Responses sub-endpoint's JSON answer as the provider sent it, and the usage it reports (compact bills a model call; input_tokens reports none). */
export type ForwardedAnswer = { body: string; usage: Usage | undefined };

/** A provider answer left in the provider's own wire format: nothing re-encoded. */
export type PassthroughAnswer = {
  body: string;
  usage: Usage | undefined;
  reportedModel: string | undefined;
  /** The provider's id for a stateful answer (a Responses response id), for follow-ups that name it. */
  responseId?: string;
};

/**
 * The same-format path. When the client speaks the provider's wire format, the request is the
 * client's own body (`call.carried`, with the gateway's edits) and the answer needs no translation:
 * the body (or each SSE frame) goes back as the provider sent it. Usage, finish and errors are
 * read by parsing the events. A stream commits at its first content frame: the content-free
 * preamble (role chunk, message_start, ping) is held and sent with it, so a target that fails
 * before any content can still fail over.
 */
export interface PassthroughAdapter {
  readonly format: ClientFormat;
  chat(call: ProviderCall): Promise<PassthroughAnswer>;
  /** Complete SSE frames for the client. `onUsage` receives the usage the provider reported. */
  stream(call: ProviderCall, options: { includeUsage: boolean; onUsage: (usage: Usage) => void; onResponseId?: (id: string) => void }): AsyncIterable<string>;
}
