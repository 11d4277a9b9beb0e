import { UpstreamError } from '../../errors/upstream-error.ts';
import { parseRetryAfter } from '../http/parse-retry-after.ts';
import { CLIENT_MESSAGE_LENGTH, safeExcerpt } from '../http/redact-secrets.ts';
import type { OllamaErrorBody } from './ollama-wire.ts';

/** A non-2xx Ollama answer (`{ "error": "..." }`) → UpstreamError with a short, secret-free reason. */
export function createOllamaError(status: number, bodyText: string, retryAfter: string | string[] | undefined): UpstreamError {
  let message: string | undefined;
  try {
    const parsed = JSON.parse(bodyText) as OllamaErrorBody;
    message = typeof parsed.error === 'string' ? parsed.error : undefined;
  } catch {
    message = undefined;
  }
  const reason = message ? `HTTP ${status}: ${safeExcerpt(message)}` : `HTTP ${status}`;
  const retryAfterMs = parseRetryAfter(retryAfter);
  const detail = message === undefined ? undefined : { family: 'ollama' as const, message: safeExcerpt(message, CLIENT_MESSAGE_LENGTH) };
  return new UpstreamError({ kind: 'status', upstreamStatus: status, reason, ...(detail === undefined ? {} : { detail }), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
}
