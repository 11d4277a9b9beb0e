import { GatewayError, type GatewayErrorOptions } from './gateway-error.ts';
import type { ErrorCode } from './error-codes.ts';

/** Decided once for the whole gateway: which upstream answers are worth another try. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export type UpstreamErrorKind = 'status' | 'connection' | 'timeout' | 'protocol' | 'stream-cut';

/** The wire family whose error shape the upstream answered in. */
export type UpstreamErrorFamily = 'openai' | 'anthropic' | 'gemini' | 'ollama';

/**
 * What the upstream said, read from its error body: its own `type`, `code` and `param` and a
 * secret-free excerpt of its message. Shown to the client when the request is at fault.
 */
export type UpstreamErrorDetail = {
  family: UpstreamErrorFamily;
  type?: string | undefined;
  code?: string | undefined;
  param?: string | undefined;
  message?: string | undefined;
};

const CONTEXT_LENGTH = /context[_ ]length|context window|prompt is too long|too many (?:input )?tokens|maximum context/i;

/** The catalogue code of an upstream refusal that is the request's fault, by status and what it said. */
function clientFaultCode(status: number, detail: UpstreamErrorDetail | undefined): ErrorCode {
  if (detail?.code === 'context_length_exceeded' || (detail?.message !== undefined && CONTEXT_LENGTH.test(detail.message))) return 'context_length_exceeded';
  if (status === 404) return 'not_found';
  if (status === 413) return 'payload_too_large';
  return 'invalid_request';
}

/**
 * One failed call to a provider. `reason` is a short, secret-free summary built by the adapter
 * from the provider's error body; the raw body is never kept here. A refusal that is the request's
 * fault (400, 404, 413, 422…) keeps its status and what the upstream said (`detail`) for the client.
 */
export class UpstreamError extends GatewayError {
  readonly kind: UpstreamErrorKind;
  readonly upstreamStatus: number | undefined;
  readonly reason: string;
  /** Milliseconds the provider asked us to wait (Retry-After), if it said. */
  readonly retryAfterMs: number | undefined;
  readonly detail: UpstreamErrorDetail | undefined;
  /** The request is at fault: the client sees the upstream's status and detail. */
  readonly isClientFault: boolean;

  constructor(options: {
    kind: UpstreamErrorKind;
    reason: string;
    upstreamStatus?: number;
    retryAfterMs?: number;
    detail?: UpstreamErrorDetail;
    responseHeaders?: Readonly<Record<string, string>>;
    cause?: unknown;
  }) {
    const status = options.upstreamStatus;
    const retryable = options.kind === 'status' ? isRetryableStatus(status ?? 500) : options.kind !== 'protocol';
    // 401 and 403 are the deployment's credentials, not the request.
    const isClientFault = options.kind === 'status' && !retryable && status !== undefined && status < 500 && status !== 401 && status !== 403;
    const code: ErrorCode = isClientFault ? clientFaultCode(status, options.detail) : options.kind === 'timeout' ? 'upstream_timeout' : 'upstream_error';
    const gatewayOptions: GatewayErrorOptions = { cause: options.cause, isRetryable: retryable };
    if (isClientFault) gatewayOptions.statusCode = status;
    if (isClientFault && options.detail?.param !== undefined) gatewayOptions.param = options.detail.param;
    if (options.responseHeaders !== undefined) gatewayOptions.responseHeaders = options.responseHeaders;
    if (options.retryAfterMs !== undefined) gatewayOptions.retryAfterSeconds = Math.max(1, Math.ceil(options.retryAfterMs / 1000));
    super(code, isClientFault && options.detail?.message !== undefined ? options.detail.message : options.reason, gatewayOptions);
    this.name = 'UpstreamError';
    this.kind = options.kind;
    this.upstreamStatus = status;
    this.reason = options.reason;
    this.retryAfterMs = options.retryAfterMs;
    this.detail = options.detail;
    this.isClientFault = isClientFault;
  }

  /** The same error, with the upstream response headers that go back to the client. */
  withResponseHeaders(responseHeaders: Readonly<Record<string, string>>): UpstreamError {
    const options: ConstructorParameters<typeof UpstreamError>[0] = { kind: this.kind, reason: this.reason, responseHeaders, cause: this.cause };
    if (this.upstreamStatus !== undefined) options.upstreamStatus = this.upstreamStatus;
    if (this.retryAfterMs !== undefined) options.retryAfterMs = this.retryAfterMs;
    if (this.detail !== undefined) options.detail = this.detail;
    return new UpstreamError(options);
  }

  /**
   * The same error with `redact` applied to everything it would show (reason, the upstream's
   * message): an upstream that echoes a configured key must not carry it further. Itself when
   * nothing changed.
   */
  redacted(redact: (text: string) => string): UpstreamError {
    const reason = redact(this.reason);
    const message = this.detail?.message === undefined ? undefined : redact(this.detail.message);
    if (reason === this.reason && message === this.detail?.message) return this;
    const options: ConstructorParameters<typeof UpstreamError>[0] = { kind: this.kind, reason, cause: this.cause };
    if (this.upstreamStatus !== undefined) options.upstreamStatus = this.upstreamStatus;
    if (this.retryAfterMs !== undefined) options.retryAfterMs = this.retryAfterMs;
    if (this.detail !== undefined) options.detail = { ...this.detail, message };
    if (this.responseHeaders !== undefined) options.responseHeaders = this.responseHeaders;
    return new UpstreamError(options);
  }
}
