import { UpstreamError } from '../errors/upstream-error.ts';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Any failure of a provider call → UpstreamError with a short, secret-free reason. */
export function toUpstreamError(error: unknown): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const code = errorCode(error);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new UpstreamError({ kind: 'timeout', reason: 'timeout waiting for the upstream', cause: error });
  }
  if (code !== undefined && CONNECTION_CODES.has(code)) {
    return new UpstreamError({ kind: 'connection', reason: `connection error (${code})`, cause: error });
  }
  return new UpstreamError({ kind: 'connection', reason: 'upstream call failed', cause: error });
}
