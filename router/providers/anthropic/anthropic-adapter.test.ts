import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../../../test/fake-upstream/fake-upstream.ts';
import type { ProviderSettings } from '../../config/compiled-config.ts';
import { Secret } from '../../config/secret.ts';
import type { ChatRequest } from '../../core/chat-request.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import type { ProviderCall } from '../provider-adapter.ts';
import { AnthropicAdapter } from './anthropic-adapter.ts';

let upstream: FakeUpstream;
let adapter: AnthropicAdapter;

function settings(baseUrl: string): ProviderSettings {
  return {
    name: 'anthropic',
    type: 'anthropic',
    apiKey: new Secret('sk-ant-test-key'),
    baseUrl,
    headers: { 'anthropic-beta': 'test-beta' },
    timeoutMs: undefined,
    maxConnections: 4,
    mock: undefined,
    limits: undefined,
    budget: undefined,
  };
}

function call(overrides: Partial<ChatRequest> = {}): ProviderCall {
  return {
    request: { requestedModel: 'claude', messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }], params: {}, stream: false, clientFormat: 'openai-chat', ...overrides },
    providerModel: 'claude-fake',
    signal: new AbortController().signal,
    timeoutMs: 5_000,
    warnings: [],
  };
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
  adapter = new AnthropicAdapter(settings(upstream.url));
});
afterAll(async () => {
  await adapter.close();
  await upstream.close();
});
beforeEach(() => upstream.reset());

describe('AnthropicAdapter against the fake upstream', () => {
  it('posts to /v1/messages with x-api-key, anthropic-version and configured headers', async () => {
    const result = await adapter.chat(call());
    expect(result.content).toEqual([{ type: 'text', text: 'echo: hello' }]);
    const sent = upstream.requests[0]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers).toMatchObject({ 'x-api-key': 'sk-ant-test-key', 'anthropic-version': '2023-06-01', 'anthropic-beta': 'test-beta' });
    expect(sent.body).toMatchObject({ model: 'claude-fake', max_tokens: 32_000 });
  });

  it('accepts a base_url that already ends in /v1', async () => {
    const other = new AnthropicAdapter(settings(`${upstream.url}/v1/`));
    await other.chat(call());
    await other.close();
    expect(upstream.requests[0]!.path).toBe('/v1/messages');
  });

  it('streams a tool call with usage', async () => {
    upstream.setBehavior({ kind: 'ok', text: 'Checking.', toolCall: { name: 'get_weather', arguments: { city: 'Paris' } }, usage: { inputTokens: 10, outputTokens: 6, cachedInputTokens: 4 } });
    const events: StreamEvent[] = [];
    for await (const event of adapter.stream(call({ stream: true }))) events.push(event);
    const args = events.flatMap((event) => (event.type === 'tool-call-delta' ? [event.argumentsDelta] : [])).join('');
    expect(JSON.parse(args)).toEqual({ city: 'Paris' });
    expect(events.at(-1)).toEqual({
      type: 'response-end',
      finishReason: { unified: 'tool-calls', raw: 'tool_use' },
      usage: { inputTokens: 14, outputTokens: 6, cachedInputTokens: 4 },
    });
  });

  it('a 529 is a retryable UpstreamError that honours Retry-After', async () => {
    upstream.enqueue({ kind: 'status', status: 529, retryAfter: '2' });
    await expect(adapter.chat(call())).rejects.toMatchObject({ kind: 'status', upstreamStatus: 529, isRetryable: true, retryAfterMs: 2000 });
  });

  it('a cut stream fails with stream-cut; a malformed one with a protocol or cut error', async () => {
    upstream.enqueue({ kind: 'cut-stream', afterChunks: 3 });
    const drain = async () => {
      for await (const event of adapter.stream(call({ stream: true }))) void event;
    };
    await expect(drain()).rejects.toMatchObject({ kind: 'stream-cut' });
    upstream.enqueue({ kind: 'malformed' });
    await expect(drain()).rejects.toMatchObject({ name: 'UpstreamError' });
  });

  it('pushes translation warnings to the call', async () => {
    const withSeed = call({ params: { seed: 1 } });
    await adapter.chat(withSeed);
    expect(withSeed.warnings).toEqual(['seed is not supported by Anthropic and was ignored']);
  });
});
