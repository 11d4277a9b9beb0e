import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import { parseNdjson } from './read-stream-frames.ts';

let upstream: FakeUpstream;
const messages = [{ role: 'user', content: 'hello there' }];
const weatherCall = { name: 'get_weather', arguments: { city: 'Paris' } };

interface OllamaChunk {
  model: string;
  message: { role: string; content: string; tool_calls?: Array<{ function: { name: string; arguments: unknown } }> };
  done: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
}

function chat(request: Record<string, unknown>): Promise<Response> {
  return fetch(`${upstream.url}/api/chat`, { method: 'POST', body: JSON.stringify({ model: 'llama-fake', messages, ...request }) });
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

describe('Ollama wire', () => {
  it('answers stream:false with one JSON body', async () => {
    const answer = (await (await chat({ stream: false })).json()) as OllamaChunk;
    expect(answer).toMatchObject({
      model: 'llama-fake',
      message: { role: 'assistant', content: 'echo: hello there' },
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 3,
      eval_count: 5,
    });
  });

  it('streams NDJSON by default, tool calls whole, then a done line', async () => {
    upstream.setBehavior({ kind: 'ok', text: 'Checking.', toolCall: weatherCall });
    const response = await chat({});
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = parseNdjson(await response.text()) as OllamaChunk[];
    expect(lines.slice(0, -1).every((line) => !line.done)).toBe(true);
    expect(lines.map((line) => line.message.content).join('')).toBe('Checking.');
    expect(lines.find((line) => line.message.tool_calls)?.message.tool_calls).toEqual([{ function: { name: 'get_weather', arguments: weatherCall.arguments } }]);
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 3 });
  });

  it('errors as { error: string }', async () => {
    upstream.setBehavior({ kind: 'status', status: 404, message: "model 'llama-fake' not found" });
    const response = await chat({ stream: false });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "model 'llama-fake' not found" });
  });
});
