/**
 * End to end: the official `openai` client's Chat Completions → switchyard → an Ollama-type
 * deployment (native /api/chat, NDJSON stream) on the fake upstream.
 */
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

let upstream: FakeUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gateway = await startTestGateway(`
providers:
  local: { type: ollama, base_url: "${upstream.url}" }
models:
  llama: { provider: local, model: llama3.2 }
routers:
  cheap: { strategy: single, target: llama }
`);
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
});
beforeEach(() => upstream.reset());

async function streamChunks(request: Parameters<typeof gateway.openai.chat.completions.create>[0]): Promise<ChatCompletionChunk[]> {
  const stream = await gateway.openai.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('/v1/chat/completions → Ollama', () => {
  it('streams text deltas, the finish reason and usage from eval counts', async () => {
    const chunks = await streamChunks({ model: 'cheap', messages: [{ role: 'user', content: 'hello there' }], temperature: 0.1, max_tokens: 50 });
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('echo: hello there');
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason).filter(Boolean)).toEqual(['stop']);
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });
    const [request] = upstream.requests;
    expect(request).toMatchObject({ path: '/api/chat', wire: 'ollama', stream: true });
    expect(request!.body).toMatchObject({ model: 'llama3.2', stream: true, options: { temperature: 0.1, num_predict: 50 }, messages: [{ role: 'user', content: 'hello there' }] });
  });

  it('streams a whole tool call as one arguments delta', async () => {
    upstream.enqueue({ kind: 'ok', text: '', toolCall: { name: 'get_weather', arguments: { city: 'Paris' } } });
    const chunks = await streamChunks({
      model: 'cheap',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    });
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls[0]).toMatchObject({ index: 0, id: expect.any(String), function: { name: 'get_weather' } });
    expect(calls.map((call) => call.function?.arguments ?? '').join('')).toBe('{"city":"Paris"}');
  });

  // Core bug, reported: mapFinishReasonToOpenAI passes a raw 'stop' through as if it came from an
  // OpenAI upstream, although Ollama's raw 'stop' with a tool call is unified 'tool-calls'.
  it("a streamed tool call finishes with 'tool_calls'", async () => {
    upstream.enqueue({ kind: 'ok', text: '', toolCall: { name: 'get_weather', arguments: { city: 'Paris' } } });
    const chunks = await streamChunks({ model: 'cheap', messages: [{ role: 'user', content: 'Weather in Paris?' }] });
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason).filter(Boolean)).toEqual(['tool_calls']);
  });

  it('non-streaming works too, with a tool result sent back under its tool name', async () => {
    const completion = await gateway.openai.chat.completions.create({
      model: 'cheap',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '18C' },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe('echo: Weather in Paris?');
    expect((upstream.requests[0]!.body as { messages: unknown[] }).messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }] },
      { role: 'tool', content: '18C', tool_name: 'get_weather' },
    ]);
  });
});
