/**
 * One conformance suite for every provider adapter: the same checks, run against the fake upstream
 * speaking each provider's wire format. A check a provider cannot run is skipped with its reason.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../router/core/chat-request.ts';
import type { ChatResult } from '../../router/core/chat-result.ts';
import { UpstreamError } from '../../router/errors/upstream-error.ts';
import { classifyCallFailure } from '../../router/pipeline/classify-call-failure.ts';
import { Secret } from '../../router/config/secret.ts';
import { createAdapter } from '../../router/providers/create-adapter.ts';
import type { ProviderAdapter, ProviderCall } from '../../router/providers/provider-adapter.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { API_KEY, BEDROCK_CREDENTIALS, conformanceCases, conformanceSettings, type ConformanceCase, type ConformanceCheck } from './conformance-cases.ts';
import { collectStreamEvents, foldStreamEvents } from './fold-stream-events.ts';

const PROMPT = 'hello there';
const weatherCall = { name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } };

function chatRequest(stream: boolean): ChatRequest {
  return {
    requestedModel: 'conformance',
    clientFormat: 'openai-chat',
    stream,
    messages: [{ role: 'user', content: [{ type: 'text', text: PROMPT }] }],
    params: { maxTokens: 256 },
    tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } } } }],
  };
}

function providerCall(stream: boolean, signal: AbortSignal = new AbortController().signal): ProviderCall {
  return { request: chatRequest(stream), providerModel: 'fake-model', signal, timeoutMs: 10_000, warnings: [] };
}

/** The answer without what differs per call (provider ids), tool arguments parsed. */
function comparable(result: ChatResult) {
  return {
    content: result.content.map((part) => (part.type !== 'tool-call' ? part : { type: part.type, name: part.name, arguments: JSON.parse(part.arguments) as unknown })),
    finishReason: result.finishReason.unified,
    usage: result.usage,
  };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );
}

function tryCreate(testCase: ConformanceCase): string | undefined {
  try {
    void createAdapter(conformanceSettings(testCase, 'http://127.0.0.1:9'), { random: () => 0.5 }).close();
    return undefined;
  } catch (error) {
    return `no adapter is registered for '${testCase.type}' in this build (${(error as Error).message})`;
  }
}

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream({ azure: { apiKey: API_KEY }, bedrock: BEDROCK_CREDENTIALS });
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

describe.each(conformanceCases.map((testCase) => [testCase.type, testCase] as const))('provider adapter conformance: %s', (_type, testCase) => {
  const unavailable = tryCreate(testCase);
  let adapter: ProviderAdapter;

  /** `it`, or a skip whose title states the reason. */
  const check = (name: string, needs: ConformanceCheck[], body: () => Promise<void>) => {
    const reason = unavailable ?? needs.map((need) => testCase.skips[need]).find((text) => text !== undefined);
    if (reason === undefined) it(name, body);
    else it.skip(`${name} (skipped: ${reason})`, body);
  };

  beforeAll(() => {
    if (unavailable === undefined) adapter = createAdapter(conformanceSettings(testCase, upstream.url), { random: () => 0.5 });
  });
  afterAll(async () => {
    await adapter?.close();
  });

  check('text round trip', [], async () => {
    const result = await adapter.chat(providerCall(false));
    expect(result.content).toEqual([{ type: 'text', text: testCase.expectedText(PROMPT) }]);
    expect(result.finishReason.unified).toBe('stop');
    expect(result.usage?.inputTokens).toBeGreaterThan(0);
    expect(result.usage?.outputTokens).toBeGreaterThan(0);
    if (testCase.wire !== undefined) {
      expect(upstream.requests.map((request) => request.wire)).toEqual([testCase.wire]);
      const [name, value] = testCase.credential!;
      if (typeof value === 'string') expect(upstream.requests[0]!.headers[name]).toBe(value);
      else expect(upstream.requests[0]!.headers[name]).toMatch(value);
    }
  });

  check("configured headers win over the adapter's own: a credential header named in `headers` replaces the key's", ['fake-upstream', 'configured-headers'], async () => {
    const [name, value] = testCase.credential! as [string, string];
    const settings = { ...conformanceSettings(testCase, upstream.url), apiKey: new Secret('not-the-key-0123456789'), headers: { [name]: value, 'x-operator-tag': 'edge-1' } };
    const configured = createAdapter(settings, { random: () => 0.5 });
    try {
      const result = await configured.chat(providerCall(false));
      expect(result.content).toEqual([{ type: 'text', text: testCase.expectedText(PROMPT) }]);
      expect(upstream.requests[0]!.headers[name]).toBe(value);
      expect(upstream.requests[0]!.headers['x-operator-tag']).toBe('edge-1');
      expect(JSON.stringify(upstream.requests[0]!.headers)).not.toContain('not-the-key');
    } finally {
      await configured.close();
    }
  });

  check('streaming text', [], async () => {
    const events = await collectStreamEvents(adapter.stream(providerCall(true)));
    expect(events[0]?.type).toBe('response-start');
    expect(events.at(-1)).toMatchObject({ type: 'response-end', finishReason: { unified: 'stop' } });
    const deltas = events.filter((event) => event.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((event) => event.delta).join('')).toBe(testCase.expectedText(PROMPT));
    if (testCase.wire !== undefined) expect(upstream.requests[0]?.stream).toBe(true);
  });

  check('streamed tool call', ['tool-call'], async () => {
    upstream.setBehavior({ kind: 'ok', text: '', toolCall: weatherCall });
    const events = await collectStreamEvents(adapter.stream(providerCall(true)));
    const types = events.map((event) => event.type);
    expect(types.indexOf('tool-call-start')).toBeLessThan(types.indexOf('tool-call-delta'));
    expect(types.lastIndexOf('tool-call-delta')).toBeLessThan(types.indexOf('tool-call-end'));
    const folded = foldStreamEvents(events);
    expect(folded.content).toEqual([{ type: 'tool-call', id: expect.any(String), name: 'get_weather', arguments: expect.any(String) }]);
    expect(JSON.parse((folded.content[0] as { arguments: string }).arguments)).toEqual(weatherCall.arguments);
    expect(folded.finishReason.unified).toBe('tool-calls');
  });

  check('folding the stream equals the non-streamed answer (text + tool call)', ['tool-call'], async () => {
    upstream.setBehavior({ kind: 'ok', text: 'Checking.', toolCall: weatherCall });
    const whole = await adapter.chat(providerCall(false));
    const folded = foldStreamEvents(await collectStreamEvents(adapter.stream(providerCall(true))));
    expect(comparable(folded)).toEqual(comparable(whole));
    expect(comparable(whole).content).toEqual([{ type: 'text', text: 'Checking.' }, { type: 'tool-call', name: 'get_weather', arguments: weatherCall.arguments }]);
  });

  check('folding the stream equals the non-streamed answer (text)', [], async () => {
    const whole = await adapter.chat(providerCall(false));
    const folded = foldStreamEvents(await collectStreamEvents(adapter.stream(providerCall(true))));
    expect(comparable(folded)).toEqual(comparable(whole));
  });

  check('upstream 500 → retryable UpstreamError, before any stream event', [], async () => {
    let failing = adapter;
    if (testCase.wire === undefined) failing = createAdapter(conformanceSettings(testCase, upstream.url, { failureRate: 1 }), { random: () => 0.5 });
    else {
      upstream.enqueue({ kind: 'status', status: 500 });
      upstream.enqueue({ kind: 'status', status: 500 });
    }
    const error = await caught(failing.chat(providerCall(false)));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ kind: 'status', upstreamStatus: 500, isRetryable: true });
    const iterator = failing.stream(providerCall(true))[Symbol.asyncIterator]();
    expect(await caught(iterator.next())).toMatchObject({ kind: 'status', upstreamStatus: 500 });
  });

  check('429 with Retry-After → retryAfterMs', ['fake-upstream', 'retry-after'], async () => {
    upstream.enqueue({ kind: 'status', status: 429, retryAfter: '2' });
    const error = await caught(adapter.chat(providerCall(false)));
    expect(error).toMatchObject({ upstreamStatus: 429, retryAfterMs: 2000, isRetryable: true });
  });

  check('a cut stream throws a stream-cut error (retryable), never ends as a short answer', ['fake-upstream'], async () => {
    upstream.setBehavior({ kind: 'cut-stream', afterChunks: 1 });
    const error = await caught(collectStreamEvents(adapter.stream(providerCall(true))));
    expect(error).toBeInstanceOf(Error);
    const classified = classifyCallFailure(error);
    expect(classified).toBeInstanceOf(UpstreamError);
    expect(classified.isRetryable).toBe(true);
    // Every adapter reads a dropped body the same way.
    expect(classified).toMatchObject({ kind: 'stream-cut' });
  });

  check('a cut same-format stream (the client\'s body carried, its frames passed on) throws a stream-cut error too', ['fake-upstream', 'passthrough'], async () => {
    const passthrough = adapter.passthrough;
    if (passthrough === undefined) throw new Error(`${testCase.type} has no passthrough; name the reason in its skips`);
    upstream.setBehavior({ kind: 'cut-stream', afterChunks: 3, text: 'a longer answer, cut off in the middle of it' });
    const body = { model: 'conformance', max_tokens: 256, stream: true, messages: [{ role: 'user', content: PROMPT }] };
    const call: ProviderCall = { ...providerCall(true), carried: { body, headers: {}, params: {}, edits: [] } };
    const error = await caught(
      (async () => {
        for await (const _frame of passthrough.stream(call, { includeUsage: false, onUsage: () => undefined }));
      })(),
    );
    // Like the translated stream: the executor and the handler read a dropped connection the same way.
    expect(classifyCallFailure(error)).toMatchObject({ kind: 'stream-cut', isRetryable: true });
  });

  check('a malformed body is a protocol error (body and stream)', ['fake-upstream'], async () => {
    upstream.setBehavior({ kind: 'malformed' });
    const error = await caught(adapter.chat(providerCall(false)));
    expect(error).toMatchObject({ kind: 'protocol', isRetryable: false });
    const streamError = await caught(collectStreamEvents(adapter.stream(providerCall(true))));
    expect(classifyCallFailure(streamError)).toMatchObject({ kind: 'protocol' });
  });

  check('the abort signal cancels the call; the upstream sees the disconnect', [], async () => {
    if (testCase.wire === undefined) {
      // No upstream to disconnect from: the mock's simulated latency must end on abort.
      const slow = createAdapter(conformanceSettings(testCase, upstream.url, { latencyMs: 60_000 }), { random: () => 0.5 });
      const controller = new AbortController();
      const pending = caught(slow.chat(providerCall(false, controller.signal)));
      controller.abort();
      expect(await pending).toBeInstanceOf(Error);
      return;
    }
    upstream.setBehavior({ kind: 'hang' });
    const controller = new AbortController();
    const pending = caught(adapter.chat(providerCall(false, controller.signal)));
    await expect.poll(() => upstream.requests.length).toBe(1);
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    await upstream.waitForDisconnect();

    upstream.setBehavior({ kind: 'ok', chunks: 20, chunkDelayMs: 100 });
    const streamController = new AbortController();
    const iterator = adapter.stream(providerCall(true, streamController.signal))[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    streamController.abort();
    const rest = caught((async () => {
      for (let next = await iterator.next(); !next.done; next = await iterator.next());
    })());
    expect(await rest).toBeInstanceOf(Error);
    await upstream.waitForDisconnect();
  });
});
