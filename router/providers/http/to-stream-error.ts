import type { InternalError } from '../../errors/internal-error.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { classifyCallFailure } from '../../pipeline/classify-call-failure.ts';

/**
 * A failure while an answer's body streams: an UpstreamError the adapter built stays as it is; the
 * connection failing is a cut stream (or an idle timeout); anything else is a gateway bug. Every
 * streaming adapter maps what its body parser throws through here, so a dropped stream reads the
 * same whatever the provider.
 */
export function toStreamError(error: unknown): UpstreamError | InternalError {
  if (error instanceof UpstreamError) return error;
  const converted = classifyCallFailure(error);
  if (!(converted instanceof UpstreamError) || converted.kind !== 'connection') return converted;
  return new UpstreamError({ kind: 'stream-cut', reason: `upstream stream was cut (${converted.reason})`, cause: error });
}

/** `events` with whatever its body parser throws mapped through toStreamError: every streaming adapter reads its body through this. */
export async function* mapStreamErrors<T>(events: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* events;
  } catch (error) {
    throw toStreamError(error);
  }
}
