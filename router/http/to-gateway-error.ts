import { GatewayError } from '../errors/gateway-error.ts';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';

type FastifyLikeError = Error & { code?: string; statusCode?: number; validation?: unknown[]; validationContext?: string };

/** Anything thrown while handling a request → a GatewayError that is safe to show the client. */
export function toGatewayError(error: unknown, bodyLimit: number): GatewayError {
  if (error instanceof GatewayError) return error;
  const caught = error as FastifyLikeError;
  if (caught.validation !== undefined) {
    // Fastify/ajv messages look like "body/messages must be array": make the path read like the API's.
    const message = caught.message.replace(/^body\/?/, '').replace(/\//g, '.');
    const path = message.split(' ')[0] ?? '';
    return new InvalidRequestError(`Invalid request: ${message.startsWith('must') ? `body ${message}` : message}`, path.startsWith('must') ? undefined : path);
  }
  switch (caught.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GatewayError('payload_too_large', `Request body is larger than the limit of ${bodyLimit} bytes.`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new GatewayError('unsupported_media_type', 'Content-Type must be application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new GatewayError('invalid_json', 'Request body is empty; expected a JSON object.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new GatewayError('invalid_json', `Request body is not valid JSON: ${caught.message}`);
  }
  if (caught instanceof SyntaxError || caught.statusCode === 400) {
    return new GatewayError('invalid_json', `Request body is not valid JSON: ${caught.message}`);
  }
  return new GatewayError('internal_error', 'Internal error in the gateway. The request id in x-switchyard-request-id finds it in the log.', { cause: error });
}
