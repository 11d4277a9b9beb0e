import type { ChatRequest } from '../core/chat-request.ts';
import type { ChatResult } from '../core/chat-result.ts';
import type { StreamEvent } from '../core/stream-event.ts';

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
}
