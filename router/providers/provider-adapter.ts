import type { ChatRequest } from '../core/chat-request.ts';
import type { ChatResult } from '../core/chat-result.ts';
import type { ClientFormat } from '../core/chat-request.ts';
import type { StreamEvent } from '../core/stream-event.ts';
import type { Usage } from '../core/chat-result.ts';

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
}

/** A provider answer left in the provider's own wire format: nothing re-encoded. */
export type PassthroughAnswer = { body: string; usage: Usage | undefined; reportedModel: string | undefined };

/**
 * The same-format fast path. When the client speaks the provider's wire format, the answer needs
 * no translation: the body (or each SSE frame's data) goes back as the provider sent it. The
 * request is still built by the adapter's translation, so overrides and defaults apply.
 */
export interface PassthroughAdapter {
  readonly format: ClientFormat;
  chat(call: ProviderCall): Promise<PassthroughAnswer>;
  /** Complete SSE frames for the client. `onUsage` receives the usage the provider reported. */
  stream(call: ProviderCall, options: { includeUsage: boolean; onUsage: (usage: Usage) => void }): AsyncIterable<string>;
}
