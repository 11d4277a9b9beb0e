import { ERROR_CODES, type ErrorCode } from './error-codes.ts';

export type GatewayErrorOptions = {
  cause?: unknown;
  /** Overrides the catalogue's status (e.g. an upstream 400 passed through). */
  statusCode?: number;
  /** The request field the error is about, when there is one (OpenAI's `param`). */
  param?: string;
  isRetryable?: boolean;
  /** Seconds the client should wait before trying again, sent as `Retry-After`. */
  retryAfterSeconds?: number;
  /** Headers of the serving upstream passed back to the client (rate limits, request id). */
  responseHeaders?: Readonly<Record<string, string>>;
};

/**
 * Base of every error switchyard raises on purpose. `message` is safe to show a client:
 * it never holds secrets, stack traces or upstream bodies verbatim.
 */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly param: string | undefined;
  readonly isRetryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  readonly responseHeaders: Readonly<Record<string, string>> | undefined;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.statusCode = options.statusCode ?? ERROR_CODES[code].status;
    this.param = options.param;
    this.isRetryable = options.isRetryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.responseHeaders = options.responseHeaders;
  }
}
