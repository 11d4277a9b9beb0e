import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import { parseSseJson } from './read-stream-frames.ts';

let upstream: FakeUpstream;
const body = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hello there' }] }] });
const weatherCall = { name: 'get_weather', arguments: { city: 'Paris' } };

interface GeminiResponse {
  candidates: Array<{ content: { role: string; parts: Array<{ text?: string; functionCall?: { name: string; args: unknown } }> }; finishReason?: string }>;
  usageMetadata: { promptTokenCount: number; candidatesTokenCount?: number; totalTokenCount: number };
}

function post(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${upstream.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

describe('Gemini wire', () => {
  it('answers generateContent with candidates and usageMetadata, model from the path', async () => {
    const response = await post('/v1beta/models/gemini-fake:generateContent');
    const answer = (await response.json()) as GeminiResponse;
    expect(answer.candidates[0]).toMatchObject({ content: { role: 'model', parts: [{ text: 'echo: hello there' }] }, finishReason: 'STOP' });
    expect(answer.usageMetadata).toMatchObject({ promptTokenCount: 3, candidatesTokenCount: 5, totalTokenCount: 8 });
    expect(upstream.requests[0]).toMatchObject({ model: 'gemini-fake', wire: 'gemini', stream: false });
  });

  it('streams with alt=sse, finishing in the last frame', async () => {
    upstream.setBehaviorFor('gemini-tools', { kind: 'ok', text: 'Checking.', toolCall: weatherCall });
    const response = await post('/v1beta/models/gemini-tools:streamGenerateContent?alt=sse');
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const frames = (parseSseJson(await response.text())) as GeminiResponse[];
    const parts = frames.flatMap((frame) => frame.candidates[0].content.parts);
    expect(parts.map((part) => part.text ?? '').join('')).toBe('Checking.');
    expect(parts.at(-1)?.functionCall).toEqual({ name: 'get_weather', args: weatherCall.arguments });
    expect(frames.at(-1)?.candidates[0].finishReason).toBe('STOP');
    expect(frames.slice(0, -1).every((frame) => frame.candidates[0].finishReason === undefined)).toBe(true);
    expect(upstream.requests[0]).toMatchObject({ model: 'gemini-tools', search: '?alt=sse', stream: true });
  });

  it('errors in the Gemini shape', async () => {
    upstream.setBehavior({ kind: 'status', status: 429, message: 'quota' });
    const response = await post('/v1beta/models/gemini-fake:generateContent');
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ error: { code: 429, message: 'quota', status: 'RESOURCE_EXHAUSTED' } });
  });
});
