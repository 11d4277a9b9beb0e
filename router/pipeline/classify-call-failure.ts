import { InternalError } from '../errors/internal-error.ts';
import { UpstreamError } from '../errors/upstream-error.ts';

/** Node's system error codes for a connection that could not be made or did not last. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** undici's own timeouts; every other `UND_ERR_*` is a transport failure (socket, closed pool, abort…). */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** TLS failures talking to the upstream: the deployment's problem, not ours. */
const TLS_CODE = /^(?:ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/;
/** HTTP/2 session and stream failures (a client that speaks HTTP/2 to the upstream, as the AWS SDK can). */
const HTTP2_CODE = /^ERR_HTTP2_/;

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * A failed provider call, classified once. Only real transport failures (undici's codes, Node's
 * connection codes, TLS, an abort) become an UpstreamError the executor may fail over on and count
 * against the deployment; an UpstreamError an adapter built (a status, a malformed answer) stays as
 * it is. Anything else is a bug in the gateway: InternalError, which fails the request with 500
 * `internal_error` and leaves every circuit alone.
 */
export function classifyCallFailure(error: unknown): UpstreamError | InternalError {
  if (error instanceof UpstreamError || error instanceof InternalError) return error;
  const code = errorCode(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new UpstreamError({ kind: 'timeout', reason: 'timeout waiting for the upstream', cause: error });
  }
  if (code !== undefined && (code.startsWith('UND_ERR_') || CONNECTION_CODES.has(code) || TLS_CODE.test(code) || HTTP2_CODE.test(code))) {
    return new UpstreamError({ kind: 'connection', reason: `connection error (${code})`, cause: error });
  }
  if (isAbort(error)) return new UpstreamError({ kind: 'connection', reason: 'upstream call aborted', cause: error });
  return new InternalError(error);
}
