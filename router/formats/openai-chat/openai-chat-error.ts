import type { GatewayError } from '../../errors/gateway-error.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';

function errorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'invalid_request_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** An Anthropic error `type` in OpenAI's words (the two share most names). */
const FROM_ANTHROPIC_TYPE: Readonly<Record<string, string>> = {
  invalid_request_error: 'invalid_request_error',
  not_found_error: 'invalid_request_error',
  request_too_large: 'invalid_request_error',
  authentication_error: 'authentication_error',
  permission_error: 'permission_error',
  rate_limit_error: 'rate_limit_error',
  overloaded_error: 'server_error',
  api_error: 'server_error',
};

export type OpenAIErrorBody = { error: { message: string; type: string; param: string | null; code: string } };

/**
 * OpenAI's error shape: `{ error: { message, type, param, code } }`. An upstream refusal that is
 * the request's fault keeps what the upstream said: an OpenAI upstream's own type, code and param,
 * an Anthropic upstream's type translated; our catalogue code where the upstream gave none.
 */
export function encodeOpenAIError(error: GatewayError): OpenAIErrorBody {
  const detail = error instanceof UpstreamError && error.isClientFault ? error.detail : undefined;
  let type = errorType(error.statusCode);
  let code: string = error.code;
  if (detail?.family === 'openai') {
    type = detail.type ?? type;
    code = detail.code ?? code;
  } else if (detail?.family === 'anthropic' && detail.type !== undefined) {
    type = FROM_ANTHROPIC_TYPE[detail.type] ?? type;
  }
  return { error: { message: error.message, type, param: error.param ?? null, code } };
}

/** Mid-stream errors: the SDKs raise on a data frame carrying `error`. */
export function encodeOpenAIStreamError(error: GatewayError): string {
  return `data: ${JSON.stringify(encodeOpenAIError(error))}\n\n`;
}
