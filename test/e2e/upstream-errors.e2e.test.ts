import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * Issue 10 item 5: an upstream error keeps its meaning. A refusal that is the request's fault keeps
 * its status, type, code and param (translated across formats); a final 429 / 529 stays 429 / 529
 * with its Retry-After; the serving upstream's rate-limit and request-id headers come back.
 */
let upstream: FakeUpstream;
let gateway: TestGateway;
let anthropic: Anthropic;

const CONTEXT_MESSAGE = "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens.";
const openAIContextError = { error: { message: CONTEXT_MESSAGE, type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } };
const anthropicTooLong = { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 210377 tokens > 200000 maximum' } };

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gateway = await startTestGateway(`
store: { kind: memory }
# 429s and 529s count against a circuit; keep them all closed for the next test.
circuit_breaker: { failure_threshold: 1000 }
providers:
  fake-openai: { type: openai, base_url: "${upstream.url}/v1", api_key: upstream-key }
  fake-anthropic: { type: anthropic, base_url: "${upstream.url}", api_key: upstream-key }
models:
  gpt-fake: { provider: fake-openai, model: gpt-fake }
  claude-fake: { provider: fake-anthropic, model: claude-fake }
routers:
  chain: { strategy: failover, targets: [gpt-fake, claude-fake] }
`);
  anthropic = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
});
beforeEach(() => upstream.reset());

type OpenAIError = InstanceType<typeof OpenAI.APIError>;
type AnthropicError = InstanceType<typeof Anthropic.APIError>;
const chat = (model: string, stream = false) =>
  gateway.openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }], stream }).then(async (answer) => {
    if (stream) for await (const chunk of answer as AsyncIterable<unknown>) void chunk;
    return answer;
  });
const message = (model: string) => anthropic.messages.create({ model, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
const caught = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (error: unknown) => error);

/** The client-fault tests run first: no failure may have been counted against any deployment. */
async function expectCircuitsClosed(): Promise<void> {
  const { deployments } = (await (await fetch(`${gateway.url}/admin/health`)).json()) as { deployments: Array<{ state: string; failures: number }> };
  for (const entry of deployments) expect(entry).toMatchObject({ state: 'closed', failures: 0 });
}

describe('a refusal that is the request’s fault keeps its meaning', () => {
  it('OpenAI → OpenAI: 400 context_length_exceeded keeps type, code, param and message; no failover, circuit closed', async () => {
    upstream.setBehavior({ kind: 'status', status: 400, body: openAIContextError, headers: { 'x-ratelimit-remaining-requests': '499', 'x-request-id': 'req_openai_400' } });
    const error = (await caught(chat('chain'))) as OpenAIError;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toEqual(openAIContextError.error);
    expect(error.code).toBe('context_length_exceeded');
    expect(error.param).toBe('messages');
    expect(error.headers?.get('x-ratelimit-remaining-requests')).toBe('499');
    expect(error.requestID).toBe('req_openai_400');
    expect(upstream.requests).toHaveLength(1);
    await expectCircuitsClosed();
  });

  it('OpenAI → OpenAI streaming: the same 400 before any byte', async () => {
    upstream.setBehavior({ kind: 'status', status: 400, body: openAIContextError });
    const error = (await caught(chat('gpt-fake', true))) as OpenAIError;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.code).toBe('context_length_exceeded');
  });

  it('Anthropic client → OpenAI upstream: 400 invalid_request_error with the upstream message', async () => {
    upstream.setBehavior({ kind: 'status', status: 400, body: openAIContextError });
    const error = (await caught(message('gpt-fake'))) as AnthropicError;
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error.error).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: CONTEXT_MESSAGE } });
  });

  it('OpenAI client → Anthropic upstream: "prompt is too long" becomes context_length_exceeded', async () => {
    upstream.setBehavior({ kind: 'status', status: 400, body: anthropicTooLong });
    const error = (await caught(chat('claude-fake'))) as OpenAIError;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toMatchObject({ type: 'invalid_request_error', code: 'context_length_exceeded', message: anthropicTooLong.error.message });
  });

  it('Anthropic → Anthropic: 404 not_found_error and 413 request_too_large keep their type and status', async () => {
    upstream.enqueue({ kind: 'status', status: 404, body: { type: 'error', error: { type: 'not_found_error', message: 'model: claude-fake' } }, headers: { 'request-id': 'req_upstream_404' } });
    const notFound = (await caught(message('claude-fake'))) as AnthropicError;
    expect(notFound).toBeInstanceOf(Anthropic.NotFoundError);
    expect(notFound.error).toEqual({ type: 'error', error: { type: 'not_found_error', message: 'model: claude-fake' } });
    expect(notFound.requestID).toBe('req_upstream_404');
    upstream.enqueue({ kind: 'status', status: 413, body: { type: 'error', error: { type: 'request_too_large', message: 'Request exceeds the maximum size' } } });
    const tooLarge = (await caught(message('claude-fake'))) as AnthropicError;
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.error).toMatchObject({ error: { type: 'request_too_large' } });
    await expectCircuitsClosed();
  });
});

describe('a final 429 / 529 stays what it was', () => {
  it('OpenAI client: the last target’s 429 with retry-after 30 → 429 upstream_rate_limited, retry-after 30, rate-limit headers', async () => {
    upstream.setBehavior({ kind: 'status', status: 429, retryAfter: '30', headers: { 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '30s' } });
    const error = (await caught(chat('gpt-fake'))) as OpenAIError;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.code).toBe('upstream_rate_limited');
    expect(error.headers?.get('retry-after')).toBe('30');
    expect(error.headers?.get('x-ratelimit-remaining-tokens')).toBe('0');
    expect(error.headers?.get('x-ratelimit-reset-tokens')).toBe('30s');
  });

  it('a chain whose last target answers 429 is 429; one whose last answers 500 is 502', async () => {
    upstream.setBehaviorFor('gpt-fake', { kind: 'status', status: 500 });
    upstream.setBehaviorFor('claude-fake', { kind: 'status', status: 429, retryAfter: '7', headers: { 'anthropic-ratelimit-requests-remaining': '0' } });
    const limited = (await caught(chat('chain'))) as OpenAIError;
    expect(limited.status).toBe(429);
    expect(limited.headers?.get('retry-after')).toBe('7');
    expect(limited.headers?.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    upstream.setBehaviorFor('gpt-fake', { kind: 'status', status: 429, retryAfter: '7' });
    upstream.setBehaviorFor('claude-fake', { kind: 'status', status: 500 });
    const failed = (await caught(chat('chain'))) as OpenAIError;
    expect(failed.status).toBe(502);
    expect(failed.code).toBe('upstream_error');
    expect(failed.headers?.get('retry-after')).toBeNull();
  });

  it('Anthropic client: 429 rate_limit_error with retry-after and anthropic-ratelimit-* headers', async () => {
    upstream.setBehavior({ kind: 'status', status: 429, retryAfter: '12', headers: { 'anthropic-ratelimit-tokens-remaining': '0', 'request-id': 'req_429' } });
    const error = (await caught(message('claude-fake'))) as AnthropicError;
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect(error.headers?.get('retry-after')).toBe('12');
    expect(error.headers?.get('anthropic-ratelimit-tokens-remaining')).toBe('0');
    expect(error.requestID).toBe('req_429');
  });

  it('529: Anthropic clients get 529 overloaded_error, OpenAI clients 503 upstream_overloaded, both with retry-after', async () => {
    upstream.setBehavior({ kind: 'status', status: 529, retryAfter: '20' });
    const overloaded = (await caught(message('claude-fake'))) as AnthropicError;
    expect(overloaded.status).toBe(529);
    expect(overloaded.error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    expect(overloaded.headers?.get('retry-after')).toBe('20');
    const openAIClient = (await caught(chat('claude-fake'))) as OpenAIError;
    expect(openAIClient.status).toBe(503);
    expect(openAIClient.code).toBe('upstream_overloaded');
    expect(openAIClient.headers?.get('retry-after')).toBe('20');
  });
});

describe('the serving upstream’s headers on success', () => {
  const headers = { 'x-ratelimit-remaining-requests': '41', 'anthropic-ratelimit-tokens-remaining': '9000', 'request-id': 'req_ok', 'x-secret-internal': 'no' };

  it('OpenAI client, non-streaming (passthrough) and streaming (passthrough frames)', async () => {
    upstream.setBehavior({ kind: 'ok', headers });
    const { response } = await gateway.openai.chat.completions.create({ model: 'gpt-fake', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('41');
    expect(response.headers.get('request-id')).toBe('req_ok');
    expect(response.headers.get('x-secret-internal')).toBeNull();
    const streamed = await gateway.openai.chat.completions.create({ model: 'gpt-fake', messages: [{ role: 'user', content: 'hi' }], stream: true }).withResponse();
    for await (const chunk of streamed.data) void chunk;
    expect(streamed.response.headers.get('x-ratelimit-remaining-requests')).toBe('41');
  });

  it('Anthropic client, translated from an OpenAI upstream and from an Anthropic one, streaming too', async () => {
    upstream.setBehavior({ kind: 'ok', headers });
    const translated = await anthropic.messages.create({ model: 'gpt-fake', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(translated.response.headers.get('x-ratelimit-remaining-requests')).toBe('41');
    const native = await anthropic.messages.create({ model: 'claude-fake', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(native.response.headers.get('anthropic-ratelimit-tokens-remaining')).toBe('9000');
    expect(native.request_id).toBe('req_ok');
    const streamed = await anthropic.messages.create({ model: 'claude-fake', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    for await (const event of streamed.data) void event;
    expect(streamed.response.headers.get('anthropic-ratelimit-tokens-remaining')).toBe('9000');
  });
});
