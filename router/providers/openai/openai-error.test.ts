import { describe, expect, it } from 'vitest';
import { createOpenAIError } from './openai-error.ts';

describe('createOpenAIError', () => {
  it('a 400 context_length_exceeded keeps its code, param, type and message for the client', () => {
    const body = { error: { message: 'maximum context length is 8192 tokens', type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } };
    const error = createOpenAIError(400, JSON.stringify(body), undefined);
    expect(error).toMatchObject({ statusCode: 400, code: 'context_length_exceeded', param: 'messages', isRetryable: false, isClientFault: true, message: body.error.message });
    expect(error.detail).toEqual({ family: 'openai', ...body.error });
  });

  it("vLLM's string error and a 422 without a code are invalid_request with the upstream's status", () => {
    expect(createOpenAIError(422, '{"error":"field required: messages"}', undefined)).toMatchObject({ statusCode: 422, code: 'invalid_request', message: 'field required: messages' });
  });

  it('a 429 is retryable, not the client’s fault, with its wait', () => {
    expect(createOpenAIError(429, '{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}', '2')).toMatchObject({ isRetryable: true, isClientFault: false, code: 'upstream_error', retryAfterMs: 2000, retryAfterSeconds: 2 });
  });
});
