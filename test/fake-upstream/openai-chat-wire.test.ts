import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import { parseSseFrames, parseSseJson } from './read-stream-frames.ts';

let upstream: FakeUpstream;
let client: OpenAI;
const messages = [{ role: 'user' as const, content: 'hello there' }];
const weatherCall = { name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } };
const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

beforeAll(async () => {
  upstream = await startFakeUpstream({ models: ['gpt-fake', 'gpt-other'] });
  client = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'test-key', maxRetries: 0 });
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

describe('OpenAI chat wire, raw', () => {
  it('streams role, content deltas, finish, usage chunk and [DONE]', async () => {
    const response = await fetch(`${upstream.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-fake', messages, stream: true, stream_options: { include_usage: true } }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    expect(parseSseFrames(text).at(-1)?.data).toBe('[DONE]');
    const chunks = parseSseJson(text) as Array<{ object: string; choices: Array<{ delta: { role?: string; content?: string }; finish_reason: string | null }>; usage: unknown }>;
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('echo: hello there');
    expect(chunks.at(-2)?.choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 });
  });

  it('answers 400 in the OpenAI error shape when the model is missing', async () => {
    const response = await fetch(`${upstream.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ messages }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', param: null } });
  });
});

describe('OpenAI chat wire, official SDK', () => {
  it('non-streaming completion with usage and cached tokens', async () => {
    upstream.setBehavior({ kind: 'ok', usage: { cachedInputTokens: 2 } });
    const completion = await client.chat.completions.create({ model: 'gpt-fake', messages });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-fake');
    expect(completion.choices[0].message).toMatchObject({ role: 'assistant', content: 'echo: hello there' });
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 5, total_tokens: 8, prompt_tokens_details: { cached_tokens: 2 } });
  });

  it('non-streaming tool call', async () => {
    upstream.setBehavior({ kind: 'ok', toolCall: weatherCall });
    const completion = await client.chat.completions.create({ model: 'gpt-fake', messages, tools: [weatherTool] });
    const choice = completion.choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls?.[0];
    expect(call?.type === 'function' ? JSON.parse(call.function.arguments) : undefined).toEqual(weatherCall.arguments);
  });

  it('streams text and usage through the SDK iterator', async () => {
    upstream.setBehavior({ kind: 'ok', chunks: ['one ', 'two ', 'three'] });
    const stream = await client.chat.completions.create({ model: 'gpt-fake', messages, stream: true, stream_options: { include_usage: true } });
    const pieces: string[] = [];
    let totalTokens: number | undefined;
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content;
      if (content) pieces.push(content);
      if (chunk.usage) totalTokens = chunk.usage.total_tokens;
    }
    expect(pieces).toEqual(['one ', 'two ', 'three']);
    expect(totalTokens).toBeGreaterThan(0);
  });

  it('accumulates a streamed tool call with the SDK stream helper', async () => {
    upstream.setBehavior({ kind: 'ok', text: 'Let me check.', toolCall: weatherCall });
    const runner = client.chat.completions.stream({ model: 'gpt-fake', messages, tools: [weatherTool] });
    const completion = await runner.finalChatCompletion();
    const message = completion.choices[0].message;
    expect(message.content).toBe('Let me check.');
    const call = message.tool_calls?.[0];
    expect(call?.type === 'function' ? call.function.name : undefined).toBe('get_weather');
    expect(call?.type === 'function' ? JSON.parse(call.function.arguments) : undefined).toEqual(weatherCall.arguments);
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
  });

  it('maps status behaviours to the SDK error classes', async () => {
    upstream.enqueue({ kind: 'status', status: 429, message: 'slow down', retryAfter: '7' });
    const error: unknown = await client.chat.completions.create({ model: 'gpt-fake', messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimit = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimit.status).toBe(429);
    expect(rateLimit.message).toContain('slow down');
    expect(rateLimit.headers.get('retry-after')).toBe('7');
  });

  it('lets the SDK retry a one-shot 503 and then succeed', async () => {
    const retrying = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'test-key', maxRetries: 2 });
    upstream.enqueue({ kind: 'status', status: 503, retryAfter: '0' });
    const completion = await retrying.chat.completions.create({ model: 'gpt-fake', messages });
    expect(completion.choices[0].message.content).toBe('echo: hello there');
    expect(upstream.requests).toHaveLength(2);
  });

  it('fails the SDK stream on a malformed frame', async () => {
    upstream.setBehavior({ kind: 'malformed' });
    const quiet = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'test-key', maxRetries: 0, logLevel: 'off' });
    let chunks = 0;
    const consume = async (): Promise<void> => {
      const stream = await quiet.chat.completions.create({ model: 'gpt-fake', messages, stream: true });
      for await (const chunk of stream) if (chunk.object === 'chat.completion.chunk') chunks += 1;
    };
    await expect(consume()).rejects.toThrow();
    // The one well-formed frame before the broken one, then the error.
    expect(chunks).toBe(1);
  });

  it('lists models', async () => {
    const page = await client.models.list();
    expect(page.data.map((model) => model.id)).toEqual(['gpt-fake', 'gpt-other']);
  });
});
