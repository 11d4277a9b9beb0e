import { describe, expect, it } from 'vitest';
import { createAnthropicError } from './anthropic-error.ts';

describe('createAnthropicError', () => {
  it('529 overloaded_error is retryable and honours Retry-After', () => {
    const error = createAnthropicError(529, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', '3');
    expect(error).toMatchObject({ kind: 'status', upstreamStatus: 529, isRetryable: true, retryAfterMs: 3000 });
    expect(error.reason).toBe('HTTP 529: overloaded_error: Overloaded');
  });

  it('a 400 keeps its status for the client and is not retryable', () => {
    const error = createAnthropicError(400, '{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}', undefined);
    expect(error).toMatchObject({ statusCode: 400, isRetryable: false, retryAfterMs: undefined });
    expect(error.message).toContain('max_tokens');
    expect(error).toMatchObject({ code: 'invalid_request', isClientFault: true, detail: { family: 'anthropic', type: 'invalid_request_error', message: 'max_tokens: Field required' } });
  });

  it('"prompt is too long" is context_length_exceeded; 404 keeps not_found', () => {
    expect(createAnthropicError(400, '{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}', undefined).code).toBe('context_length_exceeded');
    expect(createAnthropicError(404, '{"type":"error","error":{"type":"not_found_error","message":"model: x"}}', undefined)).toMatchObject({ statusCode: 404, code: 'not_found' });
  });

  it('a body that is not JSON still gives a reason, and no secret leaks', () => {
    expect(createAnthropicError(502, '<html>bad gateway</html>', undefined).reason).toBe('HTTP 502');
    const leaked = createAnthropicError(401, '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key sk-ant-api03-abcdefghijklmnop"}}', undefined);
    expect(leaked.reason).not.toContain('abcdefghijklmnop');
  });
});
