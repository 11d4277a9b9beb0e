/**
 * Fidelity: an Anthropic Messages client of an Anthropic deployment. The recording fake upstream
 * must receive the client's body deep-equal (cache_control, thinking, signed thinking blocks,
 * betas' fields, unknown fields), except the documented edits (`model`, the gateway's params, the
 * max_output_tokens cap), and the client's anthropic-version / anthropic-beta headers.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { loadFidelityCorpus, replayHeaders } from './load-fidelity-corpus.ts';
import { anthropicMessagesCases } from './sdk-cases/anthropic-messages-sdk-cases.ts';

const UPSTREAM_KEY = 'sk-ant-upstream-fidelity-0123456789';
const CLIENT_KEY = 'sk-ant-client-secret-must-stay-here';

function configFor(upstream: FakeUpstream): string {
  return `
server: { body_limit_bytes: 4000000 }
defaults: { retries: 0, timeout_ms: 5000, backoff: { initial_ms: 1, max_ms: 5 } }
circuit_breaker: { failure_threshold: 100, recovery_ms: 60000 }
providers:
  anthropic: { type: anthropic, base_url: "${upstream.url}", api_key: "${UPSTREAM_KEY}" }
  operated:  { type: anthropic, base_url: "${upstream.url}", api_key: "${UPSTREAM_KEY}", headers: { anthropic-beta: "operator-beta-1" } }
models:
  sonnet: { provider: anthropic, model: upstream-sonnet }
  backup: { provider: anthropic, model: upstream-backup }
  capped: { provider: operated, model: upstream-capped, max_output_tokens: 100 }
routers:
  fidelity: { strategy: single, target: sonnet }
  chain:    { strategy: failover, targets: [sonnet, backup] }
  tuned:    { strategy: single, params: { temperature: 0.2 }, target: { use: capped, params: { top_p: 0.7 } } }
`;
}

describe('fidelity: Anthropic Messages → anthropic, carried through', () => {
  let upstream: FakeUpstream;
  let test: TestGateway;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    test = await startTestGateway(configFor(upstream));
  });
  afterEach(() => upstream.reset());
  afterAll(async () => {
    await test.close();
    await upstream.close();
  });

  async function post(body: Record<string, unknown>, headers: Record<string, string> = { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }) {
    const response = await fetch(`${test.url}/v1/messages`, { method: 'POST', headers: { ...headers, 'x-api-key': CLIENT_KEY }, body: JSON.stringify(body) });
    return { response, text: await response.text() };
  }

  const corpus = loadFidelityCorpus('anthropic-messages');

  it('has a corpus to check', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(4);
  });

  it.each(corpus.map((fixture) => [fixture.name, fixture] as const))('%s reaches the upstream as sent, except the documented edits', async (_name, fixture) => {
    const sent: Record<string, unknown> = { ...fixture.body, model: 'fidelity' };
    const headers = replayHeaders(fixture);
    const { response, text } = await post(sent, headers);
    expect(response.status, text).toBe(200);
    expect(upstream.requests).toHaveLength(1);
    const received = upstream.requests[0]!;
    expect(received.body).toEqual({ ...sent, model: 'upstream-sonnet' });
    expect(received.headers['x-api-key']).toBe(UPSTREAM_KEY);
    for (const name of ['anthropic-version', 'anthropic-beta']) expect(received.headers[name], name).toBe(headers[name]);
    for (const [name, value] of Object.entries(received.headers)) {
      expect(name.startsWith('x-stainless-'), `${name} was forwarded`).toBe(false);
      expect(String(value)).not.toContain(CLIENT_KEY);
    }
    if (sent.stream === true) {
      expect(text).toContain('event: message_start');
      expect(text.trimEnd().endsWith('data: {"type":"message_stop"}')).toBe(true);
    } else {
      // The provider's own body: its model name, not the router's.
      expect((JSON.parse(text) as { model: string }).model).toBe('upstream-sonnet');
    }
  });

  it('official SDK calls (cache_control, thinking, betas) reach the upstream exactly as the SDK sent them', async () => {
    const sent: Array<{ body: Record<string, unknown>; beta: string | null }> = [];
    const recording = new Anthropic({
      baseURL: test.url,
      apiKey: CLIENT_KEY,
      maxRetries: 0,
      fetch: async (url, init) => {
        sent.push({ body: JSON.parse(String(init?.body)) as Record<string, unknown>, beta: new Headers(init?.headers).get('anthropic-beta') });
        return fetch(url, init);
      },
    });
    const cases = anthropicMessagesCases(recording);
    for (const sdkCase of cases) await sdkCase.call();
    expect(sent).toHaveLength(cases.length);
    expect(upstream.requests.map((request) => request.body)).toEqual(sent.map(({ body }) => ({ ...body, model: 'upstream-sonnet' })));
    expect(upstream.requests.map((request) => request.headers['anthropic-beta'] ?? null)).toEqual(sent.map(({ beta }) => beta));
  });

  it("applies defaults, overrides and the cap in Anthropic's names; joins the operator's and the client's betas", async () => {
    const { response } = await post(
      { model: 'tuned', max_tokens: 4096, messages: [{ role: 'user', content: 'hi' }], thinking: { type: 'enabled', budget_tokens: 1024 } },
      { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'anthropic-beta': 'client-beta-1, operator-beta-1' },
    );
    expect(response.status).toBe(200);
    expect(upstream.requests[0]!.body).toEqual({
      model: 'upstream-capped',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
      thinking: { type: 'enabled', budget_tokens: 1024 },
      temperature: 0.2,
      top_p: 0.7,
    });
    expect(upstream.requests[0]!.headers['anthropic-beta']).toBe('operator-beta-1,client-beta-1');
    expect(response.headers.get('x-switchyard-warnings')).toContain('capped to 100');
  });

  it('replays the same carried body on failover', async () => {
    upstream.enqueue({ kind: 'status', status: 529 }, { model: 'upstream-sonnet' });
    const sent = { model: 'chain', max_tokens: 64, system: [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: 'hello' }], future_field: [1, 2] };
    const { response } = await post(sent);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(upstream.requests.map((request) => request.body)).toEqual([
      { ...sent, model: 'upstream-sonnet' },
      { ...sent, model: 'upstream-backup' },
    ]);
  });

  it.each([
    ['cut after message_start', { kind: 'cut-stream', afterChunks: 1 }],
    ['garbage after message_start', { kind: 'malformed' }],
  ] as const)('a stream %s fails over to the next target: nothing was committed yet', async (_name, behavior) => {
    upstream.enqueue(behavior, { model: 'upstream-sonnet' });
    const { response, text } = await post({ model: 'chain', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'hello there' }] });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(text.match(/event: message_start/g)).toHaveLength(1);
    expect(text).toContain('"model":"upstream-backup"');
    expect(text).not.toContain('text_del\n');
  });

  it.each([false, true])('reads usage from the carried answer (stream: %s) for the audit and cost, cache reads included', async (stream) => {
    upstream.enqueue({ kind: 'ok', usage: { inputTokens: 40, outputTokens: 7, cachedInputTokens: 30 } }, { model: 'upstream-sonnet' });
    const { response } = await post({ model: 'fidelity', max_tokens: 64, stream, messages: [{ role: 'user', content: 'count me' }] });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-switchyard-request-id');
    const listing = (await (await fetch(`${test.url}/admin/decisions?limit=5`)).json()) as { decisions: Array<Record<string, unknown>> };
    const row = listing.decisions.find((decision) => decision.requestId === requestId);
    expect(row).toMatchObject({ status: 'success', deployment: 'sonnet', outputTokens: 7 });
    expect(row!.inputTokens).toBeGreaterThanOrEqual(40);
  });
});
