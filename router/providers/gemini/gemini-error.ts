import { UpstreamError, type UpstreamErrorDetail } from '../../errors/upstream-error.ts';
import { parseRetryAfter } from '../http/parse-retry-after.ts';
import { CLIENT_MESSAGE_LENGTH, safeExcerpt } from '../http/redact-secrets.ts';
import type { GeminiErrorBody } from './gemini-wire.ts';

const RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';

/** google.rpc.RetryInfo's `retryDelay` ("30s", "1.5s") → milliseconds. */
function retryDelayMs(body: GeminiErrorBody | undefined): number | undefined {
  const delay = body?.error?.details?.find((detail) => detail['@type'] === RETRY_INFO)?.retryDelay;
  if (delay === undefined || !delay.endsWith('s')) return undefined;
  const seconds = Number(delay.slice(0, -1));
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * A non-2xx Gemini answer (`{ error: { code, message, status } }`) → UpstreamError with a short,
 * secret-free reason. The wait comes from Retry-After, else from the RetryInfo detail.
 */
export function createGeminiError(status: number, bodyText: string, retryAfter: string | string[] | undefined): UpstreamError {
  let body: GeminiErrorBody | undefined;
  try {
    body = JSON.parse(bodyText) as GeminiErrorBody;
  } catch {
    body = undefined;
  }
  const message = body?.error?.message;
  const statusName = body?.error?.status;
  const summary = [statusName, message === undefined ? undefined : safeExcerpt(message)].filter((text) => text !== undefined).join(': ');
  const reason = summary === '' ? `HTTP ${status}` : `HTTP ${status}: ${summary}`;
  const retryAfterMs = parseRetryAfter(retryAfter) ?? retryDelayMs(body);
  const detail: UpstreamErrorDetail | undefined = body?.error === undefined ? undefined : { family: 'gemini', type: statusName, message: message === undefined ? undefined : safeExcerpt(message, CLIENT_MESSAGE_LENGTH) };
  return new UpstreamError({ kind: 'status', upstreamStatus: status, reason, ...(detail === undefined ? {} : { detail }), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
}
