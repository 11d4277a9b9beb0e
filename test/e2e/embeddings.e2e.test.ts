import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeEmbedding } from '../fake-upstream/fake-embeddings.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const TEAM_KEY = 'embed-team-key-0001';
const TOKEN_LIMITED_KEY = 'embed-tiny-key-0002';
const OPEN_KEY = 'embed-open-key-0003';
const BUDGET_KEY = 'embed-budget-key-0004';

function configFor(upstream: FakeUpstream, spare: FakeUpstream): string {
  return `
store: { kind: memory }
defaults: { retries: 0, timeout_ms: 2000 }
server:
  api_keys:
    - { key: ${TEAM_KEY}, name: team-app, project: team }
    - { key: ${TOKEN_LIMITED_KEY}, name: tiny-app, project: tiny }
    - { key: ${OPEN_KEY}, name: open-app, project: open }
    - { key: ${BUDGET_KEY}, name: budget-app, project: frugal }
providers:
  openai:  { type: openai, base_url: "${upstream.url}/v1", api_key: sk-embed-secret-0001 }
  backup:  { type: openai-compatible, base_url: "${spare.url}/v1" }
  google:  { type: gemini, base_url: "${upstream.url}/v1beta", api_key: goog-embed-secret-0002 }
  local:   { type: ollama, base_url: "${upstream.url}" }
  metered: { type: openai-compatible, base_url: "${upstream.url}/v1", budget: { monthly_usd: 0.01 } }
models:
  te3-small:    { provider: openai, model: text-embedding-3-small, kind: embedding, price: { input: 0.02, output: 0 } }
  te3-backup:   { provider: backup, model: text-embedding-3-small, kind: embedding, price: { input: 0.02, output: 0 } }
  gemini-embed: { provider: google, model: gemini-embedding-001, kind: embedding, price: { input: 0.15, output: 0 } }
  nomic:        { provider: local, model: nomic-embed-text, kind: embedding }
  pricey-embed: { provider: metered, model: pricey-embedding, kind: embedding, price: { input: 1000, output: 0 } }
  chat-model:   { provider: openai, model: gpt-chat }
routers:
  embed:        { strategy: failover, targets: [te3-small, te3-backup] }
  embed-gemini: { strategy: single, target: gemini-embed }
  embed-local:  { strategy: single, target: nomic }
  embed-budget: { strategy: failover, targets: [pricey-embed, te3-backup] }
  embed-split:  { strategy: weighted, targets: [{ use: te3-small, weight: 1 }, { use: gemini-embed, weight: 0 }] }
  embed-cheap:  { strategy: lowest-cost, targets: [gemini-embed, te3-backup] }
  embed-fast:   { strategy: least-latency, targets: [te3-small, nomic] }
  embed-rules:
    strategy: rules
    rules:
      - { if: "input_tokens > 20", use: gemini-embed }
      - { if: "tags.lane == 'local'", use: nomic }
    default: te3-small
  chat:         { strategy: single, target: chat-model }
projects:
  team:
    allowed: [embed, embed-gemini]
  tiny:
    limits: { tpm: 5 }
  open: {}
  frugal:
    budget: { monthly_usd: 0.01, on_exhausted: block }
guardrails:
  checks:
    no-secrets: { detector: { type: secrets }, action: block }
    mask-email: { detector: { type: pii, kinds: [email] }, action: redact }
  global: [no-secrets, mask-email]
`;
}

const vector = (text: string, dimensions?: number) => fakeEmbedding(text, dimensions);

describe('POST /v1/embeddings through the official openai client', () => {
  let upstream: FakeUpstream;
  let spare: FakeUpstream;
  let test: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    spare = await startFakeUpstream();
  });
  afterEach(async () => {
    await test.close();
    upstream.reset();
    spare.reset();
  });
  afterAll(async () => {
    await upstream.close();
    await spare.close();
  });
  const start = async () => {
    test = await startTestGateway(configFor(upstream, spare));
    client = new OpenAI({ baseURL: `${test.url}/v1`, apiKey: TEAM_KEY, maxRetries: 0, timeout: 10_000 });
    return test;
  };

  it('embeds on an OpenAI upstream: SDK default (base64) decoded, dimensions and user carried, priced per input token, audited', async () => {
    await start();
    const { data: answer, response } = await client.embeddings.create({ model: 'embed', input: ['first text', 'second text'], dimensions: 4, user: 'u-1' }).withResponse();
    expect(answer.data.map((item) => item.embedding)).toEqual([vector('first text', 4), vector('second text', 4)]);
    expect(answer.data.map((item) => item.index)).toEqual([0, 1]);
    expect(answer.usage).toEqual({ prompt_tokens: 6, total_tokens: 6 });
    expect(response.headers.get('x-switchyard-model')).toBe('te3-small');
    expect(response.headers.get('x-switchyard-router')).toBe('embed');
    const sent = upstream.requests.at(-1)!;
    expect(sent.path).toBe('/v1/embeddings');
    expect(sent.headers.authorization).toBe('Bearer sk-embed-secret-0001');
    // The SDK asks for base64; it is carried up as asked, so the vectors are not decoded on the way.
    expect(sent.body).toEqual({ model: 'text-embedding-3-small', input: ['first text', 'second text'], dimensions: 4, user: 'u-1', encoding_format: 'base64' });
    const [row] = (await test.gateway.services.audit?.query({ limit: 1 })) ?? [];
    expect(row).toMatchObject({ clientFormat: 'openai-embeddings', deployment: 'te3-small', router: 'embed', inputTokens: 6, outputTokens: 0, caller: 'team-app', project: 'team' });
    expect(row?.costUsd).toBeCloseTo((6 * 0.02) / 1e6, 12);
    const metrics = await (await fetch(`${test.url}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_requests_total\{[^}]*format="openai-embeddings"[^}]*\} 1/);
  });

  it('answers floats and base64 as the client asks, from a wire that speaks only floats (Ollama)', async () => {
    await start();
    const open = new OpenAI({ baseURL: `${test.url}/v1`, apiKey: OPEN_KEY, maxRetries: 0 });
    const floats = await fetch(`${test.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${OPEN_KEY}` },
      body: JSON.stringify({ model: 'embed-local', input: 'hello there', encoding_format: 'float', dimensions: 3 }),
    }).then((response) => response.json() as Promise<{ data: Array<{ embedding: number[] }>; usage: { prompt_tokens: number } }>);
    expect(floats.data[0]?.embedding).toEqual(vector('hello there', 3));
    expect(floats.usage.prompt_tokens).toBe(3);
    const raw = await fetch(`${test.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${OPEN_KEY}` },
      body: JSON.stringify({ model: 'embed-local', input: 'hello there', encoding_format: 'base64' }),
    }).then((response) => response.json() as Promise<{ data: Array<{ embedding: string }> }>);
    const bytes = Buffer.from(raw.data[0]!.embedding, 'base64');
    const decoded = Array.from({ length: bytes.length / 4 }, (_, index) => bytes.readFloatLE(index * 4));
    expect(decoded).toEqual(vector('hello there'));
    const sent = upstream.requests.filter((request) => request.path === '/api/embed');
    expect(sent.map((request) => request.body)).toEqual([
      { model: 'nomic-embed-text', input: ['hello there'], dimensions: 3 },
      { model: 'nomic-embed-text', input: ['hello there'] },
    ]);
    // And the SDK path (base64 asked, floats handed back to the caller) on the same wire.
    const viaSdk = await open.embeddings.create({ model: 'embed-local', input: 'sdk text' });
    expect(viaSdk.data[0]?.embedding).toEqual(vector('sdk text'));
  });

  it('maps Gemini batchEmbedContents to the OpenAI shape (dimensions as outputDimensionality, tokens estimated)', async () => {
    await start();
    const { data: answer, response } = await client.embeddings.create({ model: 'embed-gemini', input: ['alpha', 'beta gamma'], dimensions: 5, user: 'u-2' }).withResponse();
    expect(response.headers.get('x-switchyard-warnings')).toBe('user is not sent to gemini (batchEmbedContents has no such field)');
    expect(answer.data.map((item) => item.embedding)).toEqual([vector('alpha', 5), vector('beta gamma', 5)]);
    expect(answer.usage.prompt_tokens).toBeGreaterThan(0);
    const sent = upstream.requests.at(-1)!;
    expect(sent.path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(sent.headers['x-goog-api-key']).toBe('goog-embed-secret-0002');
    expect(sent.body).toEqual({
      requests: [
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'alpha' }] }, outputDimensionality: 5 },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'beta gamma' }] }, outputDimensionality: 5 },
      ],
    });
  });

  it('fails over to the next embedding deployment on a 500, with both attempts in the audit', async () => {
    await start();
    upstream.enqueue({ kind: 'status', status: 500, message: 'embedding backend down' });
    const { data: answer, response } = await client.embeddings.create({ model: 'embed', input: 'fail me over' }).withResponse();
    expect(answer.data[0]?.embedding).toEqual(vector('fail me over'));
    expect(response.headers.get('x-switchyard-model')).toBe('te3-backup');
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(spare.requests).toHaveLength(1);
    const [row] = (await test.gateway.services.audit?.query({ limit: 1 })) ?? [];
    expect(row?.attempts.map((attempt) => [attempt.deployment, attempt.outcome, attempt.status])).toEqual([
      ['te3-small', 'failed', 500],
      ['te3-backup', 'success', undefined],
    ]);
  });

  it('skips a provider whose budget ran out, and answers 429 when no target is left', async () => {
    await start();
    const open = new OpenAI({ baseURL: `${test.url}/v1`, apiKey: OPEN_KEY, maxRetries: 0 });
    // 40 characters = 10 tokens at 1000 USD per million = 0.01 USD: the whole monthly budget.
    const text = 'x'.repeat(40);
    const first = await open.embeddings.create({ model: 'embed-budget', input: text }).withResponse();
    expect(first.response.headers.get('x-switchyard-model')).toBe('pricey-embed');
    const second = await open.embeddings.create({ model: 'embed-budget', input: text }).withResponse();
    expect(second.response.headers.get('x-switchyard-model')).toBe('te3-backup');
    const [row] = (await test.gateway.services.audit?.query({ limit: 1 })) ?? [];
    expect(row?.attempts[0]).toMatchObject({ deployment: 'pricey-embed', outcome: 'skipped' });
    expect(row?.attempts[0]?.reason).toMatch(/budget/);
    const refused = await open.embeddings.create({ model: 'pricey-embed', input: text }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
  });

  it('routes by rules on input_tokens and tags, and by weighted, lowest-cost and least-latency routers', async () => {
    await start();
    const open = new OpenAI({ baseURL: `${test.url}/v1`, apiKey: OPEN_KEY, maxRetries: 0 });
    const served = async (model: string, input: string | string[], headers: Record<string, string> = {}) =>
      (await open.embeddings.create({ model, input }, { headers }).withResponse()).response.headers.get('x-switchyard-model');
    expect(await served('embed-rules', 'short')).toBe('te3-small');
    expect(await served('embed-rules', ['a long text '.repeat(10)])).toBe('gemini-embed');
    expect(await served('embed-rules', 'short', { 'x-switchyard-tags': 'lane=local' })).toBe('nomic');
    expect(await served('embed-split', 'weighted')).toBe('te3-small');
    expect(await served('embed-cheap', 'cheapest')).toBe('te3-backup');
    expect(await served('embed-fast', 'fast')).toMatch(/^(te3-small|nomic)$/);
  });

  it('carries token-array input to an OpenAI wire and skips wires that take text only', async () => {
    await start();
    const open = new OpenAI({ baseURL: `${test.url}/v1`, apiKey: OPEN_KEY, maxRetries: 0 });
    const answer = await open.embeddings.create({ model: 'embed', input: [[1, 2, 3], [4, 5]] });
    expect(answer.data).toHaveLength(2);
    expect((upstream.requests.at(-1)?.body as { input: unknown }).input).toEqual([[1, 2, 3], [4, 5]]);
    const refused = await open.embeddings.create({ model: 'embed-local', input: [1, 2, 3] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(/token arrays/);
  });

  it('refuses a chat model for embeddings and an embedding model for chat, in OpenAI error shape', async () => {
    await start();
    const open = new OpenAI({ baseURL: `${test.url}/v1`, apiKey: OPEN_KEY, maxRetries: 0 });
    const asEmbedding = await open.embeddings.create({ model: 'chat', input: 'x' }).catch((error: unknown) => error);
    expect(asEmbedding).toBeInstanceOf(OpenAI.BadRequestError);
    expect((asEmbedding as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(/not an embedding model/);
    const asChat = await open.chat.completions.create({ model: 'te3-small', messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error);
    expect(asChat).toBeInstanceOf(OpenAI.BadRequestError);
    expect((asChat as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(/is an embedding model/);
    expect(upstream.requests).toHaveLength(0);
  });

  it('runs the input guardrails: a redacted text reaches the upstream with its placeholder, a secret is blocked before any call', async () => {
    await start();
    const open = new OpenAI({ baseURL: `${test.url}/v1`, apiKey: OPEN_KEY, maxRetries: 0 });
    const { response } = await open.embeddings.create({ model: 'embed', input: ['mail me at jane.doe@example.com', 'plain text'] }).withResponse();
    expect((upstream.requests[0]?.body as { input: unknown }).input).toEqual(['mail me at [EMAIL_1]', 'plain text']);
    expect(response.headers.get('x-switchyard-warnings')).toMatch(/mask-email/);
    const local = await open.embeddings.create({ model: 'embed-local', input: 'write to jane.doe@example.com' });
    expect(local.data).toHaveLength(1);
    expect((upstream.requests[1]?.body as { input: unknown }).input).toEqual(['write to [EMAIL_1]']);
    const [row] = (await test.gateway.services.audit?.query({ limit: 1 })) ?? [];
    expect(row?.guardrails?.map((verdict) => [verdict.guardrail, verdict.action])).toEqual([['mask-email', 'redact']]);
    const blocked = await open.embeddings.create({ model: 'embed', input: 'key sk-proj-Abc123Def456Ghi789Jkl012Mno345Pqr678' }).catch((error: unknown) => error);
    expect(blocked).toBeInstanceOf(OpenAI.BadRequestError);
    expect((blocked as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('blocked_by_guardrail');
    expect(upstream.requests).toHaveLength(2);
  });

  it('applies governance: project allow lists (403), key token windows (429), and bad input (400) without a stack', async () => {
    await start();
    const denied = await client.embeddings.create({ model: 'embed-local', input: 'x' }).catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(OpenAI.PermissionDeniedError);
    const tiny = new OpenAI({ baseURL: `${test.url}/v1`, apiKey: TOKEN_LIMITED_KEY, maxRetries: 0 });
    await tiny.embeddings.create({ model: 'embed', input: 'x'.repeat(16) });
    const limited = await tiny.embeddings.create({ model: 'embed', input: 'x'.repeat(16) }).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    const frugal = new OpenAI({ baseURL: `${test.url}/v1`, apiKey: BUDGET_KEY, maxRetries: 0 });
    // 40 characters = 10 tokens at 1000 USD per million: the project's whole month.
    await frugal.embeddings.create({ model: 'pricey-embed', input: 'y'.repeat(40) });
    const broke = await frugal.embeddings.create({ model: 'embed', input: 'cheap now' }).catch((error: unknown) => error);
    expect(broke).toBeInstanceOf(OpenAI.RateLimitError);
    expect((broke as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('budget_exceeded');
    const garbled = await fetch(`${test.url}/v1/embeddings`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TEAM_KEY}` }, body: '{"model": "embed", "input": ' });
    expect(garbled.status).toBe(400);
    expect(((await garbled.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
    const response = await fetch(`${test.url}/v1/embeddings`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TEAM_KEY}` }, body: JSON.stringify({ model: 'embed', input: [] }) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { type: string; param: string; message: string } };
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param: 'input' });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts/);
  });
});
