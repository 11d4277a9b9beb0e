import type { GatewayError } from '../../errors/gateway-error.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';

/** HTTP status → Anthropic's error `type`, as its API reference lists them. */
function errorType(status: number): string {
  switch (status) {
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
    case 529:
      return 'overloaded_error';
    case 504:
      return 'timeout_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

export type AnthropicErrorBody = { type: 'error'; error: { type: string; message: string } };

/**
 * Anthropic's error shape: `{ type: "error", error: { type, message } }`. An Anthropic upstream's
 * refusal of the request keeps its own `type`; any other upstream's gets the type of its status.
 */
export function encodeAnthropicError(error: GatewayError): AnthropicErrorBody {
  const detail = error instanceof UpstreamError && error.isClientFault ? error.detail : undefined;
  const type = detail?.family === 'anthropic' && detail.type !== undefined ? detail.type : errorType(error.statusCode);
  return { type: 'error', error: { type, message: error.message } };
}

/** Mid-stream errors: an `event: error` frame, which the SDKs raise as an API error. */
export function encodeAnthropicStreamError(error: GatewayError): string {
  return `event: error\ndata: ${JSON.stringify(encodeAnthropicError(error))}\n\n`;
}
