import { UpstreamError, type UpstreamErrorDetail } from '../../errors/upstream-error.ts';
import { parseRetryAfter } from '../http/parse-retry-after.ts';
import { CLIENT_MESSAGE_LENGTH, safeExcerpt } from '../http/redact-secrets.ts';
import type { OpenAIErrorBody } from './openai-wire.ts';

/** `{ error: { message, type, param, code } }` (or vLLM's `{ error: "…" }`) → what the upstream said. */
function readDetail(bodyText: string): UpstreamErrorDetail | undefined {
  let parsed: OpenAIErrorBody;
  try {
    parsed = JSON.parse(bodyText) as OpenAIErrorBody;
  } catch {
    return undefined;
  }
  const error = parsed?.error;
  if (typeof error === 'string') return { family: 'openai', message: safeExcerpt(error, CLIENT_MESSAGE_LENGTH) };
  if (typeof error !== 'object' || error === null) return undefined;
  const detail: UpstreamErrorDetail = { family: 'openai' };
  if (typeof error.message === 'string') detail.message = safeExcerpt(error.message, CLIENT_MESSAGE_LENGTH);
  if (typeof error.type === 'string') detail.type = error.type;
  if (typeof error.code === 'string' || typeof error.code === 'number') detail.code = String(error.code);
  if (typeof error.param === 'string') detail.param = error.param;
  return detail;
}

/** A non-2xx OpenAI(-compatible) answer → UpstreamError with a short, secret-free reason and what it said. */
export function createOpenAIError(status: number, bodyText: string, retryAfter: string | string[] | undefined): UpstreamError {
  const detail = readDetail(bodyText);
  const reason = detail?.message ? `HTTP ${status}: ${safeExcerpt(detail.message)}` : `HTTP ${status}`;
  const retryAfterMs = parseRetryAfter(retryAfter);
  return new UpstreamError({ kind: 'status', upstreamStatus: status, reason, ...(detail === undefined ? {} : { detail }), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
}
