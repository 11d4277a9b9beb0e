import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const SECRET = 'sk-live-THIS-MUST-NEVER-LEAK-123456';

function configFor(primary: FakeUpstream, secondary: FakeUpstream): string {
  return `
server: { body_limit_bytes: 20000 }
defaults: { retries: 0, timeout_ms: 2000, backoff: { initial_ms: 1, max_ms: 5 }, retry_after_cap_ms: 500 }
circuit_breaker: { failure_threshold: 100, recovery_ms: 60000 }
health: { enabled: false }   # these cases fail main on purpose, one after another: keep the chain in its order
providers:
  primary:   { type: openai-compatible, base_url: "${primary.url}/v1", api_key: "${SECRET}" }
  secondary: { type: openai-compatible, base_url: "${secondary.url}/v1" }
  nowhere:   { type: openai-compatible, base_url: "http://127.0.0.1:9/v1" }
models:
  main:   { provider: primary, model: main-model }
  backup: { provider: secondary, model: backup-model }
  dead:   { provider: nowhere, model: dead-model }
routers:
  chain:     { strategy: failover, targets: [main, backup] }
  dead-first: { strategy: failover, targets: [dead, backup] }
  retrying:  { strategy: failover, retries: 2, targets: [main] }
  fast-timeout: { strategy: failover, targets: [{ use: main, timeout_ms: 150 }, backup] }
  tuned:     { strategy: single, target: { use: main, model: other-model, params: { temperature: 0.1 } } }
  nested:    { strategy: failover, targets: [chain, dead] }
`;
}

describe('gateway core, through the official openai client', () => {
  let primary: FakeUpstream;
  let secondary: FakeUpstream;
  let test: TestGateway;

  beforeAll(async () => {
    primary = await startFakeUpstream();
    secondary = await startFakeUpstream();
    test = await startTestGateway(configFor(primary, secondary));
  });
  afterEach(() => {
    primary.reset();
    secondary.reset();
  });
  afterAll(async () => {
    await test.close();
    await primary.close();
    await secondary.close();
  });


  it('answers a completion and says how it was routed', async () => {
    const { data, response } = await test.openai.chat.completions
      .create({ model: 'chain', messages: [{ role: 'user', content: 'hello there' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('echo: hello there');
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-switchyard-router')).toBe('chain');
    expect(response.headers.get('x-switchyard-model')).toBe('main');
    expect(response.headers.get('x-switchyard-provider')).toBe('primary');
    expect(response.headers.get('x-switchyard-attempts')).toBe('1');
    expect(response.headers.get('x-switchyard-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // A duration (not knowable in advance): present, non-negative, in ms to the microsecond.
    expect(response.headers.get('x-switchyard-overhead-ms')).toMatch(/^\d+\.\d{3}$/);
    expect(primary.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('streams, ending with a usage chunk when asked', async () => {
    const stream = await test.openai.chat.completions.create({
      model: 'chain',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'stream me' }],
    });
    let text = '';
    let usage: unknown;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('echo: stream me');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });
  });

  it.each([
    ['a 500', { kind: 'status', status: 500 } as const],
    ['a 429', { kind: 'status', status: 429, retryAfter: '0' } as const],
    ['a dropped connection', { kind: 'drop' } as const],
    ['a malformed body', { kind: 'malformed' } as const],
  ])('fails over after %s', async (_name, behavior) => {
    primary.setBehaviorFor('main-model', behavior);
    const { data, response } = await test.openai.chat.completions
      .create({ model: 'chain', messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('echo: x');
    expect(response.headers.get('x-switchyard-model')).toBe('backup');
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    primary.setBehaviorFor('main-model', { kind: 'ok' });
  });

  it('fails over after a timeout, and the timed-out upstream sees the cancel', async () => {
    primary.setBehaviorFor('main-model', { kind: 'hang' });
    const { response } = await test.openai.chat.completions
      .create({ model: 'fast-timeout', messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe('backup');
    await primary.waitForDisconnect(2000);
    primary.setBehaviorFor('main-model', { kind: 'ok' });
  });

  it('fails over after connection refused', async () => {
    const { response } = await test.openai.chat.completions
      .create({ model: 'dead-first', messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe('backup');
  });

  it('retries a target with backoff, honouring Retry-After', async () => {
    primary.enqueue({ kind: 'status', status: 503, retryAfter: '0' }, { model: 'main-model' });
    primary.enqueue({ kind: 'status', status: 502 }, { model: 'main-model' });
    const { response } = await test.openai.chat.completions
      .create({ model: 'retrying', messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    expect(response.headers.get('x-switchyard-attempts')).toBe('3');
    expect(primary.requests).toHaveLength(3);
  });

  it('fails over before the first byte of a stream', async () => {
    primary.setBehaviorFor('main-model', { kind: 'status', status: 503 });
    const stream = await test.openai.chat.completions.create({ model: 'chain', stream: true, messages: [{ role: 'user', content: 'x' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('echo: x');
    expect(secondary.requests).toHaveLength(1);
    primary.setBehaviorFor('main-model', { kind: 'ok' });
  });

  it('ends a stream cut after the first byte with an error event, without failing over', async () => {
    primary.setBehaviorFor('main-model', { kind: 'cut-stream', afterChunks: 2 });
    const stream = await test.openai.chat.completions.create({ model: 'chain', stream: true, messages: [{ role: 'user', content: 'x' }] });
    const received: string[] = [];
    await expect(async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    }).rejects.toThrow(/ended before it finished|connection|upstream/i);
    expect(received.length).toBeGreaterThan(0);
    expect(secondary.requests).toHaveLength(0);
    primary.setBehaviorFor('main-model', { kind: 'ok' });
  });

  it('applies per-target model and param overrides', async () => {
    await test.openai.chat.completions.create({ model: 'tuned', temperature: 1.5, messages: [{ role: 'user', content: 'x' }] });
    const body = primary.requests[0]?.body as { model: string; temperature: number };
    expect(body.model).toBe('other-model');
    expect(body.temperature).toBe(0.1);
  });

  it('routes through nested routers', async () => {
    primary.setBehaviorFor('main-model', { kind: 'status', status: 500 });
    const { response } = await test.openai.chat.completions
      .create({ model: 'nested', messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe('backup');
    expect(response.headers.get('x-switchyard-router')).toBe('nested');
    primary.setBehaviorFor('main-model', { kind: 'ok' });
  });

  it('reports every attempt, and no secret, when all targets fail', async () => {
    primary.setBehaviorFor('main-model', { kind: 'status', status: 500, message: `upstream broke, key ${SECRET}` });
    secondary.setBehaviorFor('backup-model', { kind: 'status', status: 503 });
    const error = await test.openai.chat.completions.create({ model: 'chain', messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(test.openai.constructor.prototype.constructor.APIError ?? Error);
    const apiError = error as { status: number; message: string; code: string };
    expect(apiError.status).toBe(502);
    expect(apiError.code).toBe('upstream_error');
    expect(apiError.message).toMatch(/main \(primary\): HTTP 500/);
    expect(apiError.message).toMatch(/backup \(secondary\): HTTP 503/);
    expect(apiError.message).not.toContain(SECRET);
    primary.setBehaviorFor('main-model', { kind: 'ok' });
    secondary.setBehaviorFor('backup-model', { kind: 'ok' });
  });

  it('passes a client error from the upstream through with its status', async () => {
    primary.setBehaviorFor('main-model', { kind: 'status', status: 400, message: 'bad tool schema' });
    const error = (await test.openai.chat.completions.create({ model: 'chain', messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught)) as { status: number; message: string };
    expect(error.status).toBe(400);
    expect(error.message).toContain('bad tool schema');
    expect(secondary.requests).toHaveLength(0);
    primary.setBehaviorFor('main-model', { kind: 'ok' });
  });

  it('cancels the upstream call when the client disconnects', async () => {
    primary.setBehaviorFor('main-model', { kind: 'hang' });
    const controller = new AbortController();
    const pending = test.openai.chat.completions.create({ model: 'chain', messages: [{ role: 'user', content: 'x' }] }, { signal: controller.signal });
    await expect.poll(() => primary.requests.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await expect(primary.waitForDisconnect(2000)).resolves.toBeGreaterThanOrEqual(1);
    expect(secondary.requests).toHaveLength(0);
    primary.setBehaviorFor('main-model', { kind: 'ok' });
  });

  it('answers an OpenAI client from an OpenAI upstream without re-encoding (same-format fast path)', async () => {
    const completion = await test.openai.chat.completions.create({ model: 'chain', messages: [{ role: 'user', content: 'fast path' }] });
    expect(completion.id).toMatch(/^chatcmpl-fake-/);
    const stream = await test.openai.chat.completions.create({ model: 'chain', stream: true, messages: [{ role: 'user', content: 'no usage asked' }] });
    const chunks: unknown[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => (chunk as { choices: unknown[] }).choices.length > 0)).toBe(true);
    expect((primary.requests.at(-1)?.body as { stream_options?: unknown }).stream_options).toEqual({ include_usage: true });
  });

  it('translates the answer like any other when server.passthrough is off', async () => {
    const translating = await startTestGateway(configFor(primary, secondary).replace('server: { body_limit_bytes: 20000 }', 'server: { body_limit_bytes: 20000, passthrough: false }'));
    try {
      const completion = await translating.openai.chat.completions.create({ model: 'chain', messages: [{ role: 'user', content: 'translated' }] });
      expect(completion.id).toMatch(/^chatcmpl-[0-9a-f-]{36}$/);
      expect(completion.choices[0]?.message.content).toBe('echo: translated');
    } finally {
      await translating.close();
    }
  });

  it('cancels the upstream stream when the client disconnects mid-stream', async () => {
    primary.setBehaviorFor('main-model', { kind: 'ok', chunks: 40, chunkDelayMs: 50 });
    const controller = new AbortController();
    const stream = await test.openai.chat.completions.create(
      { model: 'chain', stream: true, messages: [{ role: 'user', content: 'a long answer please' }] },
      { signal: controller.signal },
    );
    const consume = (async () => {
      for await (const _chunk of stream) controller.abort();
    })();
    await consume.catch(() => undefined);
    await expect(primary.waitForDisconnect(3000)).resolves.toBeGreaterThanOrEqual(1);
    primary.setBehaviorFor('main-model', { kind: 'ok' });
  });

  it('lists routers and models', async () => {
    const models = await test.openai.models.list();
    const ids = models.data.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining(['chain', 'nested', 'main', 'backup']));
  });
});
