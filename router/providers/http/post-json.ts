import type { Dispatcher } from 'undici';
import type { UpstreamError } from '../../errors/upstream-error.ts';
import type { ProviderCall } from '../provider-adapter.ts';
import { JsonText } from './json-text.ts';
import { pickPassBackHeaders } from './pick-pass-back-headers.ts';

/** What of a call the HTTP layer uses: its abort signal, timeout, header sink and trace context. */
export type HttpCall = Pick<ProviderCall, 'signal' | 'timeoutMs' | 'upstreamHeaders' | 'traceHeaders'>;

export type UpstreamEndpoint = { pool: Dispatcher; origin: string; path: string; headers: Record<string, string> };

/** Builds the provider's own error from a non-2xx answer: status, body text, Retry-After. */
export type UpstreamErrorFactory = (status: number, bodyText: string, retryAfter: string | string[] | undefined) => UpstreamError;

/**
 * POSTs a JSON body (a value, or JsonText already written) for one provider call: the call's abort signal, its timeout for headers and
 * for the gap between body chunks, and a non-2xx answer turned into the provider's UpstreamError.
 * The headers a client may act on (rate limits, request id) go to the call's sink and, on an
 * error, with the error.
 */
export async function postJson(endpoint: UpstreamEndpoint, body: unknown, call: HttpCall, createError: UpstreamErrorFactory): Promise<Dispatcher.ResponseData> {
  const response = await endpoint.pool.request({
    origin: endpoint.origin,
    path: endpoint.path,
    method: 'POST',
    headers: call.traceHeaders === undefined ? endpoint.headers : { ...endpoint.headers, ...call.traceHeaders },
    body: body instanceof JsonText ? body.text : JSON.stringify(body),
    signal: call.signal,
    headersTimeout: call.timeoutMs,
    bodyTimeout: call.timeoutMs,
  });
  const passBack = pickPassBackHeaders(response.headers);
  if (call.upstreamHeaders !== undefined) Object.assign(call.upstreamHeaders, passBack);
  if (response.statusCode >= 300) {
    const text = await response.body.text().catch(() => '');
    throw createError(response.statusCode, text, response.headers['retry-after']).withResponseHeaders(passBack);
  }
  return response;
}
