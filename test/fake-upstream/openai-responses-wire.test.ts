import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import { parseSseJson } from './read-stream-frames.ts';

let upstream: FakeUpstream;
let client: OpenAI;
const patch = '*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch\n';

beforeAll(async () => {
  upstream = await startFakeUpstream();
  client = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'test-key', maxRetries: 0 });
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

describe('OpenAI Responses wire', () => {
  it('non-streaming: a message item echoing the last user text, usage, the request recorded', async () => {
    const response = await client.responses.create({ model: 'gpt-fake', instructions: 'Be brief.', input: [{ role: 'user', content: 'hello there' }] });
    expect(response).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-fake', instructions: 'Be brief.' });
    expect(response.output_text).toBe('echo: hello there');
    expect(response.usage).toMatchObject({ input_tokens: 5, output_tokens: 5, total_tokens: 10, input_tokens_details: { cached_tokens: 0 } });
    expect(upstream.requests[0]).toMatchObject({ path: '/v1/responses', wire: 'openai-responses', model: 'gpt-fake', stream: false });
  });

  it('streaming: reasoning summary, text, a function call and a custom tool call, each announced and finished', async () => {
    upstream.enqueue({
      kind: 'ok',
      reasoning: { text: 'Think about the patch.', encrypted: 'enc-1' },
      text: 'Applying.',
      toolCall: { name: 'exec_command', arguments: { cmd: 'ls' } },
      customToolCall: { name: 'apply_patch', input: patch },
    });
    const stream = client.responses.stream({ model: 'gpt-fake', input: 'patch it', include: ['reasoning.encrypted_content'] });
    const summary: string[] = [];
    const custom: string[] = [];
    stream.on('response.reasoning_summary_text.delta', (event) => summary.push(event.delta));
    stream.on('response.custom_tool_call_input.delta', (event) => custom.push(event.delta));
    const response = await stream.finalResponse();
    expect(summary.join('')).toBe('Think about the patch.');
    expect(custom.join('')).toBe(patch);
    expect(response.output).toMatchObject([
      { type: 'reasoning', id: expect.stringMatching(/^rs_/), summary: [{ type: 'summary_text', text: 'Think about the patch.' }], encrypted_content: 'enc-1' },
      { type: 'message', id: expect.stringMatching(/^msg_/), status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Applying.', annotations: [], logprobs: [] }] },
      { type: 'function_call', id: expect.stringMatching(/^fc_/), call_id: expect.stringMatching(/^call_fake_/), name: 'exec_command', arguments: '{"cmd":"ls"}', status: 'completed' },
      { type: 'custom_tool_call', id: expect.stringMatching(/^ctc_/), call_id: expect.stringMatching(/^call_custom_/), name: 'apply_patch', input: patch, status: 'completed' },
    ]);
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  it('encrypted reasoning only when the request includes it; sequence numbers count up', async () => {
    upstream.enqueue({ kind: 'ok', reasoning: { text: 'hmm' } });
    const response = await fetch(`${upstream.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-fake', input: 'hi', stream: true }),
    });
    const events = parseSseJson(await response.text()) as Array<{ type: string; sequence_number: number; response?: { output: Array<Record<string, unknown>> } }>;
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_event, index) => index));
    expect(events[0]!.type).toBe('response.created');
    const completed = events.at(-1)!;
    expect(completed.type).toBe('response.completed');
    expect(completed.response!.output[0]).toEqual({ type: 'reasoning', id: expect.stringMatching(/^rs_fake_/), summary: [{ type: 'summary_text', text: 'hmm' }] });
  });

  it('input_tokens and compact answer with their own bodies; errors in the OpenAI shape', async () => {
    const count = await fetch(`${upstream.url}/v1/responses/input_tokens`, { method: 'POST', body: JSON.stringify({ model: 'gpt-fake', input: 'hello there' }) });
    expect(await count.json()).toEqual({ object: 'response.input_tokens', input_tokens: 3 });
    const compact = await fetch(`${upstream.url}/v1/responses/compact`, { method: 'POST', body: JSON.stringify({ model: 'gpt-fake', input: 'hello there' }) });
    expect(await compact.json()).toMatchObject({ object: 'response.compaction', output: [{ type: 'compaction', encrypted_content: expect.any(String) }] });
    upstream.enqueue({ kind: 'status', status: 429, retryAfter: '3' });
    const error = await client.responses.create({ model: 'gpt-fake', input: 'hi' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const missing = await fetch(`${upstream.url}/v1/responses`, { method: 'POST', body: JSON.stringify({ model: 'gpt-fake' }) });
    expect(missing.status).toBe(400);
  });
});
