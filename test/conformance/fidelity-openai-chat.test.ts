/**
 * Fidelity: a Chat Completions client of an OpenAI(-compatible) deployment. The recording fake
 * upstream must receive the client's body deep-equal, except the documented edits: `model`, the
 * gateway's params, the max_output_tokens cap, and `stream_options.include_usage` on a stream.
 */
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { loadFidelityCorpus, replayHeaders } from './load-fidelity-corpus.ts';
import { openAIChatCases } from './sdk-cases/openai-chat-sdk-cases.ts';

const UPSTREAM_KEY = 'sk-upstream-fidelity-0123456789abcdef';
const CLIENT_KEY = 'sk-client-secret-must-stay-at-the-gateway';

function configFor(upstream: FakeUpstream): string {
  return `
server: { body_limit_bytes: 4000000 }
defaults: { retries: 0, timeout_ms: 5000, backoff: { initial_ms: 1, max_ms: 5 } }
circuit_breaker: { failure_threshold: 100, recovery_ms: 60000 }
providers:
  compatible: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: "${UPSTREAM_KEY}" }
  official:   { type: openai, base_url: "${upstream.url}/v1", api_key: "${UPSTREAM_KEY}" }
  azure:      { type: azure-openai, endpoint: "${upstream.url}", api_version: 2024-10-21, api_key: "${UPSTREAM_KEY}" }
models:
  plain:  { provider: compatible, model: upstream-plain }
  azure-plain: { provider: azure, model: upstream-azure }
  backup: { provider: compatible, model: upstream-backup }
  capped: { provider: official, model: upstream-capped, max_output_tokens: 100 }
routers:
  fidelity: { strategy: single, target: plain }
  azure-fidelity: { strategy: single, target: azure-plain }
  chain:    { strategy: failover, targets: [plain, backup] }
  tuned:    { strategy: single, params: { temperature: 0.1, top_p: 0.5 }, target: { use: capped, params: { seed: 3 } } }
`;
}

/** The client's body with only the documented edits, written out independently of the gateway's code. */
function expectedUpstreamBody(sent: Record<string, unknown>, providerModel: string): Record<string, unknown> {
  const expected: Record<string, unknown> = { ...sent, model: providerModel };
  const streamOptions = sent.stream_options as Record<string, unknown> | undefined;
  if (sent.stream === true && streamOptions?.include_usage !== true) expected.stream_options = { ...streamOptions, include_usage: true };
  return expected;
}

describe('fidelity: OpenAI Chat → openai-compatible, carried through', () => {
  let upstream: FakeUpstream;
  let test: TestGateway;

  beforeAll(async () => {
    upstream = await startFakeUpstream({ azure: { apiKey: UPSTREAM_KEY } });
    test = await startTestGateway(configFor(upstream));
  });
  afterEach(() => upstream.reset());
  afterAll(async () => {
    await test.close();
    await upstream.close();
  });

  async function post(body: Record<string, unknown>, headers: Record<string, string> = { 'content-type': 'application/json' }) {
    const response = await fetch(`${test.url}/v1/chat/completions`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${CLIENT_KEY}` }, body: JSON.stringify(body) });
    return { response, text: await response.text() };
  }

  const corpus = loadFidelityCorpus('openai-chat');

  it('has a corpus to check', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(9);
  });

  it.each(corpus.map((fixture) => [fixture.name, fixture] as const))('%s reaches the upstream as sent, except the documented edits', async (_name, fixture) => {
    const sent: Record<string, unknown> = { ...fixture.body, model: 'fidelity' };
    const { response, text } = await post(sent, replayHeaders(fixture));
    expect(response.status, text).toBe(200);
    expect(upstream.requests).toHaveLength(1);
    const received = upstream.requests[0]!;
    expect(received.body).toEqual(expectedUpstreamBody(sent, 'upstream-plain'));
    expect(received.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    for (const [name, value] of Object.entries(received.headers)) {
      expect(name.startsWith('x-stainless-'), `${name} was forwarded`).toBe(false);
      expect(String(value)).not.toContain(CLIENT_KEY);
    }
    if (sent.stream === true) {
      expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
      // Usage the client did not ask for is not shown to it (the gateway asked for its own books).
      const askedForUsage = (sent.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
      expect(text.includes('"usage":{'), text).toBe(askedForUsage);
    } else {
      // The answer is the provider's own body: the model it names is the provider's, not the router.
      expect((JSON.parse(text) as { model: string }).model).toBe('upstream-plain');
    }
  });

  it.each(corpus.map((fixture) => [fixture.name, fixture] as const))('%s reaches an azure-openai deployment as sent (model: the deployment), with its api-key', async (_name, fixture) => {
    const sent: Record<string, unknown> = { ...fixture.body, model: 'azure-fidelity' };
    const { response, text } = await post(sent, replayHeaders(fixture));
    expect(response.status, text).toBe(200);
    const received = upstream.requests[0]!;
    expect([received.path, received.search]).toEqual(['/openai/deployments/upstream-azure/chat/completions', '?api-version=2024-10-21']);
    expect(received.body).toEqual(expectedUpstreamBody(sent, 'upstream-azure'));
    expect(received.headers['api-key']).toBe(UPSTREAM_KEY);
    expect(received.headers.authorization).toBeUndefined();
  });

  it('official SDK calls (n: 2, reasoning_effort, custom tools…) reach the upstream exactly as the SDK sent them', async () => {
    const sentBodies: Array<Record<string, unknown>> = [];
    const recording = new OpenAI({
      baseURL: `${test.url}/v1`,
      apiKey: CLIENT_KEY,
      maxRetries: 0,
      fetch: async (url, init) => {
        sentBodies.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
        return fetch(url, init);
      },
    });
    const cases = openAIChatCases(recording);
    for (const sdkCase of cases) await sdkCase.call();
    expect(sentBodies).toHaveLength(cases.length);
    expect(upstream.requests.map((request) => request.body)).toEqual(sentBodies.map((body) => expectedUpstreamBody(body, 'upstream-plain')));
  });

  it('applies router defaults only where the client set none, target overrides always, and the cap (with a warning)', async () => {
    const { response } = await post({ model: 'tuned', messages: [{ role: 'user', content: 'hi' }], temperature: 0.9, max_tokens: 500, reasoning_effort: 'low' });
    expect(response.status).toBe(200);
    expect(upstream.requests[0]!.body).toEqual({
      model: 'upstream-capped',
      messages: [{ role: 'user', content: 'hi' }],
      temperature: 0.9,
      top_p: 0.5,
      seed: 3,
      max_tokens: 100,
      reasoning_effort: 'low',
    });
    expect(response.headers.get('x-switchyard-warnings')).toContain('capped to 100');
  });

  it("sets the cap in the deployment's own field when the client sent no max tokens", async () => {
    const { response } = await post({ model: 'tuned', messages: [{ role: 'user', content: 'hi' }], top_p: 0.9 });
    expect(response.status).toBe(200);
    expect(upstream.requests[0]!.body).toEqual({ model: 'upstream-capped', messages: [{ role: 'user', content: 'hi' }], temperature: 0.1, top_p: 0.9, seed: 3, max_completion_tokens: 100 });
    expect(response.headers.get('x-switchyard-warnings')).toBeNull();
  });

  it('replays the same carried body on failover', async () => {
    upstream.enqueue({ kind: 'status', status: 503 }, { model: 'upstream-plain' });
    const sent = { model: 'chain', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }], n: 3, store: true };
    const { response } = await post(sent);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(upstream.requests.map((request) => request.body)).toEqual([expectedUpstreamBody(sent, 'upstream-plain'), expectedUpstreamBody(sent, 'upstream-backup')]);
  });

  it.each([
    ['cut after the role chunk', { kind: 'cut-stream', afterChunks: 1 }],
    ['garbage after the role chunk', { kind: 'malformed' }],
  ] as const)('a stream %s fails over to the next target: nothing was committed yet', async (_name, behavior) => {
    upstream.enqueue(behavior, { model: 'upstream-plain' });
    const { response, text } = await post({ model: 'chain', stream: true, messages: [{ role: 'user', content: 'hello there' }] });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(response.headers.get('x-switchyard-model')).toBe('backup');
    const frames = text.split('\n\n').filter((frame) => frame.startsWith('data: {'));
    // Exactly one role chunk: the first target's preamble never reached the client.
    expect(frames.filter((frame) => frame.includes('"role":"assistant"'))).toHaveLength(1);
    expect(text).not.toContain('tru');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });
});
