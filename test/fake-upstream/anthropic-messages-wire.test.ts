import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import { parseSseFrames } from './read-stream-frames.ts';

let upstream: FakeUpstream;
let client: Anthropic;
const messages = [{ role: 'user' as const, content: 'hello there' }];
const request = { model: 'claude-fake', max_tokens: 256, messages };
const weatherCall = { name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } };

beforeAll(async () => {
  upstream = await startFakeUpstream();
  client = new Anthropic({ baseURL: upstream.url, apiKey: 'test-key', maxRetries: 0 });
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

describe('Anthropic messages wire, raw', () => {
  it('streams the full event sequence', async () => {
    upstream.setBehavior({ kind: 'ok', text: 'Checking.', toolCall: weatherCall });
    const response = await fetch(`${upstream.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ ...request, stream: true }),
    });
    const frames = parseSseFrames(await response.text());
    expect(frames.map((frame) => frame.event)).toEqual([
      'message_start',
      'content_block_start', 'ping', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const events = frames.map((frame): { type: string; delta?: { partial_json?: string } } => JSON.parse(frame.data));
    expect(events.map((event) => event.type)).toEqual(frames.map((frame) => frame.event));
    const json = events.map((event) => event.delta?.partial_json ?? '').join('');
    expect(JSON.parse(json)).toEqual(weatherCall.arguments);
  });

  it('rejects a request without max_tokens like the real API', async () => {
    const response = await fetch(`${upstream.url}/v1/messages`, { method: 'POST', body: JSON.stringify({ model: 'claude-fake', messages }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });
  });
});

describe('Anthropic messages wire, official SDK', () => {
  it('non-streaming message with usage', async () => {
    upstream.setBehavior({ kind: 'ok', usage: { cachedInputTokens: 4 } });
    const message = await client.messages.create(request);
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-fake',
      content: [{ type: 'text', text: 'echo: hello there' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 3, output_tokens: 5, cache_read_input_tokens: 4 },
    });
  });

  it('non-streaming tool use', async () => {
    upstream.setBehavior({ kind: 'ok', toolCall: weatherCall });
    const message = await client.messages.create(request);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([{ type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'get_weather', input: weatherCall.arguments }]);
  });

  it('accumulates a streamed message with text and tool use', async () => {
    upstream.setBehavior({ kind: 'ok', text: 'Checking.', toolCall: weatherCall });
    const stream = client.messages.stream(request);
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(texts.join('')).toBe('Checking.');
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Checking.' });
    expect(message.content[1]).toMatchObject({ type: 'tool_use', name: 'get_weather', input: weatherCall.arguments });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage.output_tokens).toBeGreaterThan(1);
  });

  it('iterates raw stream events', async () => {
    const stream = await client.messages.create({ ...request, stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
  });

  it('surfaces 529 overloaded_error as the SDK overloaded error', async () => {
    upstream.enqueue({ kind: 'status', status: 529 });
    const error: unknown = await client.messages.create(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(529);
    expect(apiError.error).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });

  it('counts tokens', async () => {
    const count = await client.messages.countTokens({ model: 'claude-fake', messages });
    expect(count.input_tokens).toBe(3);
  });
});

describe('Anthropic messages wire, scripted thinking', () => {
  const reasoning = { text: 'Let me think about the weather.', signature: 'sig-weather', redacted: 'redacted-data' };

  it('answers thinking and redacted_thinking blocks before the tool call', async () => {
    upstream.setBehavior({ kind: 'ok', text: '', reasoning, toolCall: weatherCall });
    const message = await client.messages.create(request);
    expect(message.content).toEqual([
      { type: 'thinking', thinking: reasoning.text, signature: 'sig-weather' },
      { type: 'redacted_thinking', data: 'redacted-data' },
      { type: 'tool_use', id: expect.stringMatching(/^toolu_fake_/), name: 'get_weather', input: weatherCall.arguments },
    ]);
  });

  it('streams thinking_delta pieces and a signature_delta the SDK folds into the block', async () => {
    upstream.setBehavior({ kind: 'ok', text: 'Sunny.', reasoning: { text: reasoning.text } });
    const message = await client.messages.stream(request).finalMessage();
    expect(message.content).toEqual([
      { type: 'thinking', thinking: reasoning.text, signature: expect.stringMatching(/^sig_fake_\d{6}$/) },
      { type: 'text', text: 'Sunny.' },
    ]);
  });
});
