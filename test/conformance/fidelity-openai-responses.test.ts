/**
 * Fidelity: an OpenAI Responses client (the real Codex, replayed from its recordings) of an OpenAI
 * deployment on the Responses API. The recording fake upstream must receive every recorded body
 * deep-equal except `model`, and Codex's session headers (`session-id`, `thread-id`,
 * `x-client-request-id`, `originator`, `x-codex-*`) as Codex sent them; never the client's key or
 * its telemetry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientRecording, RecordedRequest } from '../clients/client-recording.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const UPSTREAM_KEY = 'sk-upstream-responses-fidelity-0123456789';
const CLIENT_KEY = 'sk-client-codex-secret-stays-at-the-gateway';

/** Headers a same-format Responses upstream must receive from Codex, named independently of the gateway's list. */
const CODEX_PROTOCOL_HEADERS = ['session-id', 'thread-id', 'x-client-request-id', 'originator', 'x-codex-beta-features', 'x-codex-window-id', 'x-codex-turn-metadata'];

function codexRequests(): Array<[string, RecordedRequest]> {
  const directory = fileURLToPath(new URL('../clients/__fixtures__/codex/', import.meta.url));
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) => {
      const recording = JSON.parse(readFileSync(`${directory}${name}`, 'utf8')) as ClientRecording;
      return recording.requests.map((request, index): [string, RecordedRequest] => [`${recording.scenario} #${index + 1}`, request]);
    });
}

describe('fidelity: Codex (Responses) → OpenAI Responses, carried through', () => {
  let upstream: FakeUpstream;
  let test: TestGateway;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    test = await startTestGateway(`
server: { body_limit_bytes: 4000000 }
defaults: { retries: 0, timeout_ms: 5000 }
providers:
  openai: { type: openai, base_url: "${upstream.url}/v1", api_key: "${UPSTREAM_KEY}" }
models:
  gpt: { provider: openai, model: upstream-gpt, api: responses }
routers:
  gpt-5.5: { strategy: single, target: gpt }
`);
  });
  afterEach(() => upstream.reset());
  afterAll(async () => {
    await test.close();
    await upstream.close();
  });

  const requests = codexRequests();

  it('has recordings to replay', () => {
    expect(requests.length).toBeGreaterThanOrEqual(6);
  });

  it.each(requests)('%s: the body as sent but for model, and the Codex session headers', async (_name, recorded) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(recorded.headers)) if (name !== 'accept-encoding') headers[name] = value;
    headers['x-stainless-retry-count'] = '0';
    const body = recorded.body as Record<string, unknown>;
    const response = await fetch(`${test.url}/v1/responses`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${CLIENT_KEY}` }, body: JSON.stringify(body) });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect(upstream.requests).toHaveLength(1);
    const received = upstream.requests[0]!;
    expect(received.path).toBe('/v1/responses');
    expect(received.body).toEqual({ ...body, model: 'upstream-gpt' });
    for (const name of CODEX_PROTOCOL_HEADERS) expect(received.headers[name], name).toBe(recorded.headers[name]);
    expect(received.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    expect(received.headers['x-stainless-retry-count']).toBeUndefined();
    for (const value of Object.values(received.headers)) expect(String(value)).not.toContain(CLIENT_KEY);
  });

  it('forwards an older Codex’s session_id (underscore) too, but not on a translated call', async () => {
    const body = { model: 'gpt-5.5', input: 'hi', stream: false };
    const sent = await fetch(`${test.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}`, session_id: 'session-old-1', 'x-codex-window-id': 'window-1' },
      body: JSON.stringify(body),
    });
    expect(sent.status, await sent.text()).toBe(200);
    expect(upstream.requests[0]!.headers).toMatchObject({ session_id: 'session-old-1', 'x-codex-window-id': 'window-1' });
    const translated = await fetch(`${test.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}`, 'session-id': 'session-chat-1', 'x-codex-window-id': 'window-2' },
      body: JSON.stringify({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(translated.status, await translated.text()).toBe(200);
    expect(upstream.requests[1]!.path).toBe('/v1/responses');
    expect(upstream.requests[1]!.headers['session-id']).toBeUndefined();
    expect(upstream.requests[1]!.headers['x-codex-window-id']).toBeUndefined();
  });
});

describe('fidelity: Codex (Responses) → azure-openai on the v1 API, carried through', () => {
  let azure: FakeUpstream;
  let test: TestGateway;

  beforeAll(async () => {
    azure = await startFakeUpstream({ azure: { apiKey: UPSTREAM_KEY } });
    test = await startTestGateway(`
server: { body_limit_bytes: 4000000 }
defaults: { retries: 0, timeout_ms: 5000 }
providers:
  azure: { type: azure-openai, endpoint: "${azure.url}", api_key: "${UPSTREAM_KEY}" }
models:
  codex-on-azure: { provider: azure, model: codex-deployment }
routers:
  gpt-5.5: { strategy: single, target: codex-on-azure }
`);
  });
  afterEach(() => azure.reset());
  afterAll(async () => {
    await test.close();
    await azure.close();
  });

  it.each(codexRequests())('%s: /openai/v1/responses gets the body as sent but for model (the deployment), the session headers and the api-key', async (_name, recorded) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(recorded.headers)) if (name !== 'accept-encoding') headers[name] = value;
    const body = recorded.body as Record<string, unknown>;
    const response = await fetch(`${test.url}/v1/responses`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${CLIENT_KEY}` }, body: JSON.stringify(body) });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect(azure.requests).toHaveLength(1);
    const received = azure.requests[0]!;
    expect([received.path, received.search]).toEqual(['/openai/v1/responses', '']);
    expect(received.body).toEqual({ ...body, model: 'codex-deployment' });
    for (const name of CODEX_PROTOCOL_HEADERS) expect(received.headers[name], name).toBe(recorded.headers[name]);
    expect(received.headers['api-key']).toBe(UPSTREAM_KEY);
    expect(received.headers.authorization).toBeUndefined();
    for (const value of Object.values(received.headers)) expect(String(value)).not.toContain(CLIENT_KEY);
  });
});
