import { describe, expect, it } from 'vitest';
import { errors as undiciErrors } from 'undici';
import { InternalError } from '../errors/internal-error.ts';
import { UpstreamError } from '../errors/upstream-error.ts';
import { classifyCallFailure } from './classify-call-failure.ts';

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code, syscall: 'connect' });
}

describe('classifyCallFailure', () => {
  it('transport failures are upstream errors the executor may fail over on', () => {
    for (const error of [systemError('ECONNREFUSED'), systemError('ECONNRESET'), systemError('ERR_HTTP2_ERROR'), new undiciErrors.SocketError('other side closed'), new undiciErrors.ClientDestroyedError()]) {
      const classified = classifyCallFailure(error);
      expect(classified, String(error)).toBeInstanceOf(UpstreamError);
      expect(classified).toMatchObject({ kind: 'connection', isRetryable: true });
    }
    expect(classifyCallFailure(new TypeError('fetch failed', { cause: systemError('ENOTFOUND') }))).toMatchObject({ kind: 'connection', reason: 'connection error (ENOTFOUND)' });
    expect(classifyCallFailure(new DOMException('This operation was aborted', 'AbortError'))).toMatchObject({ kind: 'connection' });
  });

  it("undici's timeouts are timeouts", () => {
    expect(classifyCallFailure(new undiciErrors.HeadersTimeoutError())).toMatchObject({ kind: 'timeout', code: 'upstream_timeout' });
    expect(classifyCallFailure(new undiciErrors.BodyTimeoutError())).toMatchObject({ kind: 'timeout' });
  });

  it('an UpstreamError an adapter built stays as it is', () => {
    const status = new UpstreamError({ kind: 'status', upstreamStatus: 400, reason: 'HTTP 400' });
    expect(classifyCallFailure(status)).toBe(status);
  });

  it('anything else is a bug of ours: internal_error, not retryable, the thrown value kept for the log', () => {
    for (const thrown of [new TypeError("Cannot read properties of undefined (reading 'map')"), new RangeError('Maximum call stack size exceeded'), Object.assign(new Error('bad argument'), { code: 'ERR_INVALID_ARG_TYPE' }), 'a string', undefined]) {
      const classified = classifyCallFailure(thrown);
      expect(classified, String(thrown)).toBeInstanceOf(InternalError);
      expect(classified).toMatchObject({ code: 'internal_error', statusCode: 500, isRetryable: false });
      expect(classified.cause).toBe(thrown);
      expect(classified.message).not.toContain(String(thrown));
    }
  });
});
