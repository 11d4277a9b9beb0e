import { GatewayError } from '../errors/gateway-error.ts';
import { InternalError } from '../errors/internal-error.ts';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';

type ValidationIssue = { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> };

/** ajv's `/messages/0/role` → `messages[0].role`. */
function toFieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment, index) => (/^\d+$/.test(segment) ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join('');
}

/** The first schema violation, phrased with the field path as the client wrote it. */
function fromValidation(issue: ValidationIssue): GatewayError {
  const parent = toFieldPath(issue.instancePath);
  if (issue.keyword === 'required') {
    const field = String(issue.params.missingProperty);
    const path = parent === '' ? field : `${parent}.${field}`;
    return new InvalidRequestError(`Invalid request: '${path}' is required`, path);
  }
  if (issue.keyword === 'enum' && Array.isArray(issue.params.allowedValues)) {
    return new InvalidRequestError(`Invalid request: '${parent}' must be one of ${issue.params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}`, parent);
  }
  const subject = parent === '' ? 'the body' : `'${parent}'`;
  return new InvalidRequestError(`Invalid request: ${subject} ${issue.message ?? 'is invalid'}`, parent === '' ? undefined : parent);
}

type FastifyLikeError = Error & { code?: string; statusCode?: number; validation?: unknown[]; validationContext?: string };

/** Anything thrown while handling a request → a GatewayError that is safe to show the client. */
export function toGatewayError(error: unknown, bodyLimit: number): GatewayError {
  if (error instanceof GatewayError) return error;
  const caught = error as FastifyLikeError;
  if (Array.isArray(caught.validation) && caught.validation.length > 0) return fromValidation(caught.validation[0] as ValidationIssue);
  switch (caught.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GatewayError('payload_too_large', `Request body is larger than the limit of ${bodyLimit} bytes.`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new GatewayError('unsupported_media_type', 'Content-Type must be application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new GatewayError('invalid_json', 'Request body is empty; expected a JSON object.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new GatewayError('invalid_json', `Request body is not valid JSON: ${caught.message}`);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new InvalidRequestError('Invalid request: the body is not as long as its Content-Length says.');
    case 'FST_ERR_BAD_URL':
      return new InvalidRequestError('Invalid request: the URL is not valid (malformed percent-encoding).');
  }
  if (caught instanceof SyntaxError) return new GatewayError('invalid_json', `Request body is not valid JSON: ${caught.message}`);
  // The rest of Fastify's refusals of the request itself: their status, our catalogue's code and
  // Fastify's own message (it never holds more than the request said).
  if (typeof caught.code === 'string' && caught.code.startsWith('FST_ERR') && typeof caught.statusCode === 'number' && caught.statusCode >= 400 && caught.statusCode < 500) {
    return fromFastifyStatus(caught.statusCode, caught.message);
  }
  // A body stream that broke while it was read (the client went away mid-upload, a bad chunk).
  if (caught.statusCode === 400) return new InvalidRequestError(`Invalid request: the body could not be read (${caught.message}).`);
  return new InternalError(error);
}

function fromFastifyStatus(status: number, message: string): GatewayError {
  if (status === 404) return new GatewayError('not_found', message);
  if (status === 413) return new GatewayError('payload_too_large', message);
  if (status === 415) return new GatewayError('unsupported_media_type', message);
  return new InvalidRequestError(`Invalid request: ${message}`, undefined);
}
