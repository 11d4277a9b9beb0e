/**
 * End to end: the official `openai` client's Responses API → switchyard `/v1/responses` → a
 * Gemini-type deployment on the fake upstream, non-streaming, streaming and a function-call round trip.
 */
import OpenAI from 'openai';
import type { ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { useGatewayOnFakeUpstream } from '../support/use-gateway-on-fake-upstream.ts';

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather in a city',
  strict: false,
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
};
const weatherCall = { name: 'get_weather', arguments: { city: 'Paris' } };

const harness = useGatewayOnFakeUpstream(
  (upstreamUrl) => `
providers:
  google: { type: gemini, api_key: gemini-test-key, base_url: "${upstreamUrl}/v1beta" }
models:
  flash: { provider: google, model: gemini-fake }
routers:
  smart: { strategy: single, target: flash }
`,
);

describe('POST /v1/responses → Gemini', () => {
  it('non-streaming: output_text, usage, and the Gemini wire underneath', async () => {
    const { data: response, response: raw } = await harness.gateway.openai.responses.create({ model: 'smart', instructions: 'Be brief.', input: 'hello there', max_output_tokens: 100 }).withResponse();
    expect(response).toMatchObject({ object: 'response', status: 'completed', model: 'gemini-fake', error: null });
    expect(response.id).toMatch(/^resp_/);
    expect(response.output_text).toBe('echo: hello there');
    expect(response.usage).toMatchObject({ input_tokens: expect.any(Number), output_tokens: expect.any(Number), input_tokens_details: { cached_tokens: 0 } });
    expect(raw.headers.get('x-switchyard-model')).toBe('flash');
    const [request] = harness.upstream.requests;
    expect(request).toMatchObject({ path: '/v1beta/models/gemini-fake:generateContent', wire: 'gemini' });
    expect(request!.headers['x-goog-api-key']).toBe('gemini-test-key');
    expect(request!.body).toEqual({
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      contents: [{ role: 'user', parts: [{ text: 'hello there' }] }],
      generationConfig: { maxOutputTokens: 100 },
    });
  });

  it('streaming: the SDK accumulates the events into the final response', async () => {
    const stream = harness.gateway.openai.responses.stream({ model: 'smart', input: 'hello there' });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    const response = await stream.finalResponse();
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('echo: hello there');
    expect(response.output_text).toBe('echo: hello there');
    expect(response.status).toBe('completed');
    expect(harness.upstream.requests[0]).toMatchObject({ path: '/v1beta/models/gemini-fake:streamGenerateContent', search: '?alt=sse' });
  });

  it('streaming: raw events come in order with increasing sequence numbers', async () => {
    const stream = await harness.gateway.openai.responses.create({ model: 'smart', input: 'hello there', stream: true });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events[0]?.type).toBe('response.created');
    expect(events[1]?.type).toBe('response.in_progress');
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_event, index) => index));
  });

  it('a function call round trip: call out, result back with the tool name recovered for Gemini', async () => {
    harness.upstream.enqueue({ kind: 'ok', text: '', toolCall: weatherCall });
    const first = await harness.gateway.openai.responses.create({ model: 'smart', input: 'Weather in Paris?', tools: [weatherTool], tool_choice: 'auto' });
    expect(first.output).toEqual([
      { type: 'function_call', id: expect.stringMatching(/^fc_/), call_id: expect.any(String), name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' },
    ]);
    const call = first.output[0] as { call_id: string };

    harness.upstream.enqueue({ kind: 'ok', text: 'It is 18C in Paris.' });
    const input: ResponseInputItem[] = [
      { role: 'user', content: 'Weather in Paris?' },
      ...(first.output as ResponseInputItem[]),
      { type: 'function_call_output', call_id: call.call_id, output: '18C, sunny' },
    ];
    const second = await harness.gateway.openai.responses.create({ model: 'smart', input, tools: [weatherTool] });
    expect(second.output_text).toBe('It is 18C in Paris.');
    const body = harness.upstream.requests[1]!.body as { contents: unknown[]; tools: unknown[] };
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: '18C, sunny' } } }] },
    ]);
    expect(body.tools).toEqual([
      { functionDeclarations: [{ name: 'get_weather', description: 'Current weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }] },
    ]);
  });

  it('a streamed function call arrives as function_call items with argument events', async () => {
    harness.upstream.enqueue({ kind: 'ok', text: 'Checking.', toolCall: weatherCall });
    const stream = harness.gateway.openai.responses.stream({ model: 'smart', input: 'Weather in Paris?', tools: [weatherTool] });
    const done: string[] = [];
    stream.on('response.function_call_arguments.done', (event) => done.push(event.arguments));
    const response = await stream.finalResponse();
    expect(done).toEqual(['{"city":"Paris"}']);
    expect(response.output.map((item) => item.type)).toEqual(['message', 'function_call']);
    expect(response.output_text).toBe('Checking.');
  });

  it('previous_response_id is a clear 400 unsupported_feature in OpenAI error shape', async () => {
    const error = await harness.gateway.openai.responses.create({ model: 'smart', input: 'again', previous_response_id: 'resp_abc' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({ code: 'unsupported_feature', param: 'previous_response_id', type: 'invalid_request_error' });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('an upstream failure before the first byte is an HTTP error; after it, a response.failed event', async () => {
    harness.upstream.enqueue({ kind: 'status', status: 500 });
    const before = await harness.gateway.openai.responses.create({ model: 'smart', input: 'hi' }).catch((caught: unknown) => caught);
    expect(before).toBeInstanceOf(OpenAI.APIError);
    expect((before as InstanceType<typeof OpenAI.APIError>).status).toBe(502);

    harness.upstream.enqueue({ kind: 'cut-stream', afterChunks: 1, chunkDelayMs: 20 });
    const stream = await harness.gateway.openai.responses.create({ model: 'smart', input: 'hello there', stream: true });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const failed = events.at(-1);
    expect(failed?.type).toBe('response.failed');
    expect(failed).toMatchObject({ response: { status: 'failed', error: { code: 'upstream_error' } } });
    expect(events.some((event) => event.type === 'response.output_text.delta')).toBe(true);
  });
});
