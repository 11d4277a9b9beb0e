import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/** The official OpenAI SDK talks chat completions to the gateway; Anthropic-type upstreams answer. */
const weather = { name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } };
const tools = [{ type: 'function' as const, function: { name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];

let upstream: FakeUpstream;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gateway = await startTestGateway(`
store: { kind: memory }
providers:
  anthropic-primary: { type: anthropic, base_url: "${upstream.url}", api_key: key-primary }
  anthropic-secondary: { type: anthropic, base_url: "${upstream.url}", api_key: key-secondary }
models:
  claude-primary: { provider: anthropic-primary, model: claude-primary-model }
  claude-secondary: { provider: anthropic-secondary, model: claude-secondary-model }
routers:
  claude: { strategy: failover, targets: [claude-primary, claude-secondary] }
`);
  client = gateway.openai;
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
});
beforeEach(() => upstream.reset());

describe('OpenAI SDK → gateway → Anthropic upstream', () => {
  it('streams a tool call that the SDK stream helper accumulates', async () => {
    upstream.setBehavior({ kind: 'ok', text: '', toolCall: weather, usage: { inputTokens: 20, outputTokens: 8, cachedInputTokens: 5 } });
    const stream = client.chat.completions.stream({
      model: 'claude',
      tools,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
      ],
    });
    const completion = await stream.finalChatCompletion();
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.tool_calls).toHaveLength(1);
    const call = choice.message.tool_calls![0]!;
    expect(call.type === 'function' && call.function.name).toBe('get_weather');
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual(weather.arguments);
    expect(completion.usage).toMatchObject({ prompt_tokens: 25, completion_tokens: 8, prompt_tokens_details: { cached_tokens: 5 } });

    const sent = upstream.requests[0]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers).toMatchObject({ 'x-api-key': 'key-primary', 'anthropic-version': '2023-06-01' });
    expect(sent.body).toMatchObject({
      model: 'claude-primary-model',
      max_tokens: 32_000,
      stream: true,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] }],
      tools: [{ name: 'get_weather', description: 'Current weather', input_schema: tools[0]!.function.parameters, cache_control: { type: 'ephemeral' } }],
    });
  });

  it('sends a tool result back as a tool_result block', async () => {
    const completion = await client.chat.completions.create({
      model: 'claude',
      max_tokens: 50,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '18C' },
      ],
    });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect((upstream.requests[0]!.body as { messages: unknown[] }).messages.slice(1)).toEqual([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: [{ type: 'text', text: '18C' }] }] },
    ]);
  });

  it('answers a JSON-schema request through the forced tool, as plain JSON text', async () => {
    upstream.setBehavior({ kind: 'ok', text: '', toolCall: { name: 'json_response', arguments: { city: 'Paris' } } });
    const completion = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'Capital of France as JSON' }],
      response_format: { type: 'json_schema', json_schema: { name: 'capital', schema: { type: 'object', properties: { city: { type: 'string' } } } } },
    });
    expect(completion.choices[0]!.message.content).toBe('{"city":"Paris"}');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(upstream.requests[0]!.body).toMatchObject({ tool_choice: { type: 'tool', name: 'json_response' } });
  });

  it('fails over to the second deployment when the first answers 529 overloaded_error', async () => {
    upstream.enqueue({ kind: 'status', status: 529 }, { model: 'claude-primary-model' });
    const { data, response } = await client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
    expect(data.choices[0]!.message.content).toBe('echo: hello');
    expect(response.headers.get('x-switchyard-model')).toBe('claude-secondary');
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(upstream.requests.map((request) => request.model)).toEqual(['claude-primary-model', 'claude-secondary-model']);
  });

  it('fails over a stream whose first event is a 529 before any byte reached the client', async () => {
    upstream.enqueue({ kind: 'status', status: 529 }, { model: 'claude-primary-model' });
    const stream = client.chat.completions.stream({ model: 'claude', messages: [{ role: 'user', content: 'hello' }] });
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0]!.message.content).toBe('echo: hello');
    expect(upstream.requests).toHaveLength(2);
  });
});
