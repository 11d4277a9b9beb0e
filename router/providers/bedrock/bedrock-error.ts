import { UpstreamError } from '../../errors/upstream-error.ts';
import { classifyCallFailure } from '../../pipeline/classify-call-failure.ts';
import type { InternalError } from '../../errors/internal-error.ts';
import { CLIENT_MESSAGE_LENGTH, safeExcerpt } from '../http/redact-secrets.ts';

/** Bedrock's exceptions by name, for an error whose HTTP status the SDK did not keep (a stream's exception event). */
const STATUS_BY_NAME: Record<string, number> = {
  ValidationException: 400,
  ServiceQuotaExceededException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ModelTimeoutException: 408,
  ModelErrorException: 424,
  ThrottlingException: 429,
  ModelNotReadyException: 429,
  InternalServerException: 500,
  ModelStreamErrorException: 500,
  ServiceUnavailableException: 503,
};

type ServiceException = Error & { $metadata?: { httpStatusCode?: number }; $fault?: string; $response?: { headers?: Record<string, string> } };

function isServiceException(error: unknown): error is ServiceException {
  return error instanceof Error && typeof (error as ServiceException).$fault === 'string';
}

/**
 * What the SDK throws when Bedrock's bytes are not what the protocol says: a body that is not JSON
 * (a SyntaxError carrying the response's `$metadata`), or an event-stream frame whose checksum or
 * framing is wrong (its decoder's messages).
 */
function isProtocolFailure(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  if (error.name === 'SyntaxError' && '$metadata' in error) return true;
  return /message checksum|prelude checksum|Invalid (headers|message) length|Unsupported header type/i.test(error.message);
}

/**
 * A failed Bedrock call → UpstreamError: a service exception keeps its status, name and a
 * secret-free excerpt of its message (a ValidationException stays the request's 400); bytes that
 * break the protocol (not JSON, a corrupt event-stream frame) are a protocol error, as for every
 * provider; a transport failure is classified as for every provider; anything else is a gateway bug.
 */
export function toBedrockError(error: unknown): UpstreamError | InternalError {
  if (isProtocolFailure(error)) return new UpstreamError({ kind: 'protocol', reason: `Bedrock answered bytes the protocol does not allow: ${safeExcerpt(error.message)}`, cause: error });
  if (!isServiceException(error)) return classifyCallFailure(error);
  const status = error.$metadata?.httpStatusCode ?? STATUS_BY_NAME[error.name] ?? 500;
  const message = error.message === '' ? undefined : error.message;
  const reason = `HTTP ${status}: ${error.name}${message === undefined ? '' : `: ${safeExcerpt(message)}`}`;
  return new UpstreamError({
    kind: 'status',
    upstreamStatus: status,
    reason,
    detail: { family: 'openai', type: error.name, message: message === undefined ? undefined : safeExcerpt(message, CLIENT_MESSAGE_LENGTH) },
    cause: error,
  });
}

/** An exception event inside a ConverseStream (after the stream began). */
export function streamExceptionError(name: string, message: string | undefined): UpstreamError {
  const status = STATUS_BY_NAME[name] ?? 500;
  return new UpstreamError({ kind: 'status', upstreamStatus: status, reason: `HTTP ${status}: ${name}${message === undefined ? '' : `: ${safeExcerpt(message)}`}` });
}
