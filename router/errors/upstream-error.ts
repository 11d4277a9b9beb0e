import { GatewayError } from './gateway-error.ts';

/** Decided once for the whole gateway: which upstream answers are worth another try. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export type UpstreamErrorKind = 'status' | 'connection' | 'timeout' | 'protocol' | 'stream-cut';

/**
 * One failed call to a provider. `reason` is a short, secret-free summary built by the adapter
 * from the provider's error body; the raw body is never kept here.
 */
export class UpstreamError extends GatewayError {
  readonly kind: UpstreamErrorKind;
  readonly upstreamStatus: number | undefined;
  readonly reason: string;
  /** Milliseconds the provider asked us to wait (Retry-After), if it said. */
  readonly retryAfterMs: number | undefined;

  constructor(options: {
    kind: UpstreamErrorKind;
    reason: string;
    upstreamStatus?: number;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    const retryable =
      options.kind === 'status' ? isRetryableStatus(options.upstreamStatus ?? 500) : options.kind !== 'protocol';
    // A client error the upstream refused (400, 404, 422…) keeps its status: the request is at fault.
    const passThrough = options.kind === 'status' && !retryable && options.upstreamStatus !== undefined && options.upstreamStatus < 500 && options.upstreamStatus !== 401 && options.upstreamStatus !== 403;
    super(options.kind === 'timeout' ? 'upstream_timeout' : 'upstream_error', options.reason, {
      cause: options.cause,
      isRetryable: retryable,
      ...(passThrough ? { statusCode: options.upstreamStatus } : {}),
    });
    this.name = 'UpstreamError';
    this.kind = options.kind;
    this.upstreamStatus = options.upstreamStatus;
    this.reason = options.reason;
    this.retryAfterMs = options.retryAfterMs;
  }
}
