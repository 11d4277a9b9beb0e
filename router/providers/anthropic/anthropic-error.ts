import { UpstreamError, type UpstreamErrorDetail } from '../../errors/upstream-error.ts';
import { parseRetryAfter } from '../http/parse-retry-after.ts';
import { CLIENT_MESSAGE_LENGTH, safeExcerpt } from '../http/redact-secrets.ts';
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
  let error: AnthropicErrorBody['error'];
  try {
    error = (JSON.parse(bodyText) as AnthropicErrorBody | null)?.error;
  } catch {
    error = undefined;
  }
  const summary = describe(error);
  const reason = summary ? `HTTP ${status}: ${summary}` : `HTTP ${status}`;
  const retryAfterMs = parseRetryAfter(retryAfter);
  const detail: UpstreamErrorDetail | undefined = typeof error === 'object' && error !== null ? { family: 'anthropic' } : undefined;
  if (detail !== undefined && typeof error?.type === 'string') detail.type = error.type;
  if (detail !== undefined && typeof error?.message === 'string') detail.message = safeExcerpt(error.message, CLIENT_MESSAGE_LENGTH);
  return new UpstreamError({ kind: 'status', upstreamStatus: status, reason, ...(detail === undefined ? {} : { detail }), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
}

/** An `event: error` frame inside a 200 stream: the stream is cut, whatever the error type. */
export function createAnthropicStreamError(error: AnthropicErrorBody['error']): UpstreamError {
  const detail = describe(error);
  return new UpstreamError({ kind: 'stream-cut', reason: detail ? `upstream stream error: ${detail}` : 'upstream sent an error event mid-stream' });
}
