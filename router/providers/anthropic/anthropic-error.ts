import { UpstreamError } from '../../errors/upstream-error.ts';
import { parseRetryAfter } from '../http/parse-retry-after.ts';
import { safeExcerpt } from '../http/redact-secrets.ts';
import type { AnthropicErrorBody } from './anthropic-wire.ts';

function describe(body: AnthropicErrorBody['error']): string | undefined {
  if (body === undefined || body === null) return undefined;
  const parts = [body.type, body.message].filter((part): part is string => typeof part === 'string' && part !== '');
  return parts.length > 0 ? safeExcerpt(parts.join(': ')) : undefined;
}

/**
 * A non-2xx Anthropic answer → UpstreamError with a short, secret-free reason. 529 (overloaded_error)
 * is a 5xx, so it is retryable and fails over like any other; Retry-After is honoured.
 */
export function createAnthropicError(status: number, bodyText: string, retryAfter: string | string[] | undefined): UpstreamError {
  let detail: string | undefined;
  try {
    detail = describe((JSON.parse(bodyText) as AnthropicErrorBody).error);
  } catch {
    detail = undefined;
  }
  const reason = detail ? `HTTP ${status}: ${detail}` : `HTTP ${status}`;
  const retryAfterMs = parseRetryAfter(retryAfter);
  return new UpstreamError({ kind: 'status', upstreamStatus: status, reason, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
}

/** An `event: error` frame inside a 200 stream: the stream is cut, whatever the error type. */
export function createAnthropicStreamError(error: AnthropicErrorBody['error']): UpstreamError {
  const detail = describe(error);
  return new UpstreamError({ kind: 'stream-cut', reason: detail ? `upstream stream error: ${detail}` : 'upstream sent an error event mid-stream' });
}
