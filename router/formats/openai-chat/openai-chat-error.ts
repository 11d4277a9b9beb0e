import type { GatewayError } from '../../errors/gateway-error.ts';

function errorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'invalid_request_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** OpenAI's error shape: `{ error: { message, type, param, code } }`. */
export function encodeOpenAIError(error: GatewayError): { error: { message: string; type: string; param: string | null; code: string } } {
  return { error: { message: error.message, type: errorType(error.statusCode), param: error.param ?? null, code: error.code } };
}

/** Mid-stream errors: the SDKs raise on a data frame carrying `error`. */
export function encodeOpenAIStreamError(error: GatewayError): string {
  return `data: ${JSON.stringify(encodeOpenAIError(error))}\n\n`;
}
