import type { EmbeddingRequest, EmbeddingResult } from '../core/embedding-request.ts';

/** Everything an embedder needs for one call (no framework objects, no routing state), like a ProviderCall. */
export type EmbeddingCall = {
  request: EmbeddingRequest;
  providerModel: string;
  /** Aborted when the client goes away or the attempt times out. */
  signal: AbortSignal;
  timeoutMs: number;
  /** Sink for what the provider cannot honour (surfaced in a header and the audit). */
  warnings: string[];
  /** Sink for the upstream's rate-limit, retry-after and request-id headers, passed back to the client. */
  upstreamHeaders: Record<string, string>;
  /** The client's JSON body (deep-frozen): an OpenAI wire carries its unknown fields with `model` replaced. */
  body: Readonly<Record<string, unknown>>;
  /** The attempt's trace context (`traceparent`) when telemetry is on. */
  traceHeaders?: Readonly<Record<string, string>>;
};

/**
 * A provider's embeddings endpoint. Failures are thrown as UpstreamError, so the executor retries
 * and fails over as for chat. `acceptsTokens`: whether token-array input can be sent (else such a
 * request skips this provider as unfit).
 */
export interface Embedder {
  readonly acceptsTokens: boolean;
  embed(call: EmbeddingCall): Promise<EmbeddingResult>;
  close(): Promise<void>;
}
