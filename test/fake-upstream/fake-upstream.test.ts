import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import { parseSseFrames } from './read-stream-frames.ts';

let upstream: FakeUpstream;

function chatBody(model: string, stream = false): string {
  return JSON.stringify({ model, stream, messages: [{ role: 'user', content: `hi ${model}` }] });
}

function chat(model: string, init: { stream?: boolean; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<Response> {
  return fetch(`${upstream.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: chatBody(model, init.stream),
    signal: init.signal,
  });
}

async function contentOf(response: Response): Promise<string> {
  const completion = (await response.json()) as { choices: Array<{ message: { content: string } }> };
  return completion.choices[0].message.content;
}

/** Reads a body until it ends or breaks; returns what arrived and whether it broke. */
async function readUntilBroken(response: Response): Promise<{ text: string; broken: boolean }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, broken: false };
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return { text, broken: true };
  }
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

describe('fake upstream: control', () => {
  it('listens on 127.0.0.1 and records requests', async () => {
    expect(upstream.url).toBe(`http://127.0.0.1:${upstream.port}`);
    const response = await request(`${upstream.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer secret' },
      body: chatBody('model-a'),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-request-id']).toMatch(/^req_fake_/);
    await response.body.json();
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      wire: 'openai-chat',
      model: 'model-a',
      stream: false,
      body: { model: 'model-a' },
      headers: { authorization: 'Bearer secret' },
    });
    expect(typeof upstream.requests[0].at).toBe('number');
  });

  it('picks header override, then queue (in order, model-scoped), then per-model, then default', async () => {
    upstream.setBehavior({ kind: 'ok', text: 'default' });
    upstream.setBehaviorFor('model-b', { kind: 'ok', text: 'for b' });
    upstream.enqueue({ kind: 'ok', text: 'queued for b' }, { model: 'model-b' });
    upstream.enqueue({ kind: 'ok', text: 'first' });
    upstream.enqueue({ kind: 'ok', text: 'second' });
    const header = { 'x-fake-behavior': JSON.stringify({ kind: 'ok', text: 'from header' }) };
    expect(await contentOf(await chat('model-a', { headers: header }))).toBe('from header');
    expect(await contentOf(await chat('model-a'))).toBe('first');
    expect(await contentOf(await chat('model-b'))).toBe('queued for b');
    expect(await contentOf(await chat('model-a'))).toBe('second');
    expect(await contentOf(await chat('model-a'))).toBe('default');
    expect(await contentOf(await chat('model-b'))).toBe('for b');
    upstream.reset();
    expect(await contentOf(await chat('model-a'))).toBe('echo: hi model-a');
  });

  it('rejects an invalid x-fake-behavior header with 400', async () => {
    const response = await chat('model-a', { headers: { 'x-fake-behavior': '{"kind":"explode"}' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { message: expect.stringContaining('explode') } });
    expect(() => upstream.setBehavior({ kind: 'status', status: 42 })).toThrow(TypeError);
  });

  it('answers unknown routes with 404', async () => {
    const response = await fetch(`${upstream.url}/nowhere`);
    expect(response.status).toBe(404);
  });
});

describe('fake upstream: failure behaviours', () => {
  it('status carries retry-after', async () => {
    upstream.setBehavior({ kind: 'status', status: 503, retryAfter: '2' });
    const response = await chat('model-a');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toMatchObject({ error: { type: 'server_error' } });
  });

  it('drop destroys the socket without a response and is not a client disconnect', async () => {
    upstream.enqueue({ kind: 'drop' });
    await expect(chat('model-a')).rejects.toThrow();
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.disconnects).toBe(0);
  });

  it('hang never answers; the client going away is seen as a disconnect', async () => {
    upstream.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = chat('model-a', { signal: controller.signal });
    while (upstream.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(pending).rejects.toThrow();
    await expect(upstream.waitForDisconnect(2_000)).resolves.toBe(1);
    expect(upstream.disconnects).toBe(1);
  });

  it('sees a client leaving in the middle of a slow stream and during latency', async () => {
    upstream.enqueue({ kind: 'ok', chunks: 20, chunkDelayMs: 50 });
    const streaming = await chat('model-a', { stream: true });
    const reader = streaming.body!.getReader();
    await reader.read();
    await reader.cancel();
    await upstream.waitForDisconnect(2_000);

    upstream.enqueue({ kind: 'ok', latencyMs: 10_000 });
    const controller = new AbortController();
    const waiting = chat('model-a', { signal: controller.signal });
    while (upstream.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(waiting).rejects.toThrow();
    await expect(upstream.waitForDisconnect(2_000)).resolves.toBe(2);
  });

  it('waitForDisconnect rejects after its timeout', async () => {
    await expect(upstream.waitForDisconnect(20)).rejects.toThrow(/no client disconnect/);
  });

  it('cut-stream sends N frames then breaks the connection', async () => {
    upstream.enqueue({ kind: 'cut-stream', afterChunks: 2 });
    const { text, broken } = await readUntilBroken(await chat('model-a', { stream: true }));
    expect(broken).toBe(true);
    expect(parseSseFrames(text)).toHaveLength(2);
    expect(text).not.toContain('[DONE]');
    expect(upstream.disconnects).toBe(0);
  });

  it('cut-stream on a non-streaming request sends half a body', async () => {
    upstream.enqueue({ kind: 'cut-stream', afterChunks: 0 });
    const { text, broken } = await readUntilBroken(await chat('model-a'));
    expect(broken).toBe(true);
    expect(text.startsWith('{"id":"chatcmpl-fake-')).toBe(true);
  });

  it('malformed sends 200 with invalid JSON or a garbage stream', async () => {
    upstream.setBehavior({ kind: 'malformed' });
    const plain = await chat('model-a');
    expect(plain.status).toBe(200);
    await expect(plain.json()).rejects.toThrow(SyntaxError);
    const streamed = await chat('model-a', { stream: true });
    const frames = parseSseFrames(await streamed.text()).filter((frame) => frame.data !== '[DONE]');
    expect(() => frames.forEach((frame) => JSON.parse(frame.data))).toThrow(SyntaxError);
  });

  it('reset-after-headers sends the 200 head, then breaks the connection without a body', async () => {
    upstream.setBehavior({ kind: 'reset-after-headers' });
    for (const stream of [false, true]) {
      const response = await chat('model-a', { stream });
      expect(response.status).toBe(200);
      const { text, broken } = await readUntilBroken(response);
      expect(broken).toBe(true);
      expect(text).toBe('');
    }
    expect(upstream.disconnects).toBe(0);
  });

  it('stall sends the head and N frames, then nothing until the client leaves', async () => {
    upstream.enqueue({ kind: 'stall', afterChunks: 1 });
    const controller = new AbortController();
    const response = await chat('model-a', { stream: true, signal: controller.signal });
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(parseSseFrames(first)).toHaveLength(1);
    controller.abort();
    await expect(upstream.waitForDisconnect(2_000)).resolves.toBe(1);
  });

  it('empty answers 200 with no body, streaming or not', async () => {
    upstream.setBehavior({ kind: 'empty' });
    for (const stream of [false, true]) {
      const response = await chat('model-a', { stream });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('');
    }
  });

  it('truncated ends cleanly but early: half a JSON body, or N frames and half of the next', async () => {
    upstream.setBehavior({ kind: 'truncated', afterChunks: 1 });
    const plain = await readUntilBroken(await chat('model-a'));
    expect(plain.broken).toBe(false);
    expect(plain.text.startsWith('{"id":"chatcmpl-fake-')).toBe(true);
    expect(() => JSON.parse(plain.text)).toThrow(SyntaxError);
    const streamed = await readUntilBroken(await chat('model-a', { stream: true }));
    expect(streamed.broken).toBe(false);
    const frames = parseSseFrames(streamed.text);
    expect(frames).toHaveLength(2);
    expect(() => JSON.parse(frames[1].data)).toThrow(SyntaxError);
    expect(streamed.text).not.toContain('[DONE]');
  });
});
