/**
 * Issue 10 item 4: `provider/model` pass-through. With `passthrough_models: true` on a provider, a
 * request's `model: "<provider>/<model id>"` goes straight to that provider with that id, same-format
 * carried or translated, and keeps the provider's limits, the project allow lists, the guardrails
 * and the audit. Off by default; an unknown provider name is the usual 404.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const OPEN_KEY = 'passthrough-open-key-0001';
const STRICT_KEY = 'passthrough-strict-key-0002';
const CLAUDE_ONLY_KEY = 'passthrough-claude-key-0003';

let upstream: FakeUpstream;
let gateway: TestGateway;

type AuditRow = { requestId: string; status: string; httpStatus: number; errorCode?: string; deployment?: string; provider?: string; providerModel?: string; costUsd?: number; inputTokens?: number };

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gateway = await startTestGateway(`
store: { kind: memory }
defaults: { retries: 0 }
server:
  api_keys:
    - { key: ${OPEN_KEY}, name: open-app, project: open }
    - { key: ${STRICT_KEY}, name: strict-app, project: strict }
    - { key: ${CLAUDE_ONLY_KEY}, name: claude-app, project: claude-only }
providers:
  anthropic-main: { type: anthropic, base_url: "${upstream.url}", api_key: sk-ant-upstream, passthrough_models: true }
  openai-main: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: sk-upstream, passthrough_models: true }
  limited: { type: anthropic, base_url: "${upstream.url}", api_key: sk-ant-upstream, passthrough_models: true, limits: { rpm: 1 } }
  closed: { type: anthropic, base_url: "${upstream.url}", api_key: sk-ant-upstream }
models:
  sonnet: { provider: anthropic-main, model: claude-sonnet-4-6 }
projects:
  open: {}
  strict: { allowed: [sonnet] }
  claude-only: { allowed: ["anthropic-main/claude-*", "limited/claude-haiku-4-5"] }
guardrails:
  checks:
    no-codename: { detector: { type: keywords, words: [Project Falcon] }, action: block }
  global: [no-codename]
`);
});
afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});
beforeEach(() => upstream.reset());

const anthropicClient = (apiKey: string) => new Anthropic({ baseURL: gateway.url, apiKey, maxRetries: 0 });
const openaiClient = (apiKey: string) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey, maxRetries: 0 });

async function auditOf(requestId: string | null): Promise<AuditRow> {
  const rows = (await gateway.gateway.services.audit?.query({ limit: 50 })) ?? [];
  const row = rows.find((record) => record.requestId === requestId);
  if (row === undefined) throw new Error(`no audit row for ${requestId}`);
  return row as AuditRow;
}

function failure(promise: Promise<unknown>): Promise<{ status: number; error: unknown; headers: Headers }> {
  return promise.then(
    () => {
      throw new Error('expected an error');
    },
    (error: { status: number; error: unknown; headers: Headers }) => error,
  );
}

describe('provider/model pass-through', () => {
  it('Anthropic → Anthropic: the provider gets the client body with only its own model id; headers and the audit name the pass-through deployment, priced from the catalog', async () => {
    upstream.setBehavior({ kind: 'ok', usage: { inputTokens: 1000, outputTokens: 100 } });
    const body = { model: 'anthropic-main/claude-sonnet-4-6', max_tokens: 64, metadata: { user_id: 'u-1' }, messages: [{ role: 'user' as const, content: 'hello' }] };
    const { data, response } = await anthropicClient(OPEN_KEY).messages.create(body).withResponse();
    expect(data.content).toEqual([{ type: 'text', text: 'echo: hello' }]);
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]!.path).toBe('/v1/messages');
    expect(upstream.requests[0]!.body).toEqual({ ...body, model: 'claude-sonnet-4-6' });
    expect(response.headers.get('x-switchyard-model')).toBe('anthropic-main/claude-sonnet-4-6');
    expect(response.headers.get('x-switchyard-provider')).toBe('anthropic-main');
    const row = await auditOf(response.headers.get('x-switchyard-request-id'));
    expect(row).toMatchObject({ status: 'success', deployment: 'anthropic-main/claude-sonnet-4-6', provider: 'anthropic-main', providerModel: 'claude-sonnet-4-6', inputTokens: 1000 });
    // claude-sonnet-4.6 in the catalog: 1,000 × $3 + 100 × $15 per million.
    expect(row.costUsd).toBeCloseTo(0.0045, 9);
  });

  it('across formats: a Chat client reaches the Anthropic provider by translation; a provider id with slashes keeps them', async () => {
    const translated = await openaiClient(OPEN_KEY).chat.completions.create({ model: 'anthropic-main/claude-opus-4-7', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(translated.data.choices[0]!.message.content).toBe('echo: hi');
    expect(upstream.requests.at(-1)).toMatchObject({ path: '/v1/messages', body: { model: 'claude-opus-4-7' } });

    const slashed = await openaiClient(OPEN_KEY).chat.completions.create({ model: 'openai-main/meta-llama/Llama-3.3-70B', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(slashed.response.headers.get('x-switchyard-model')).toBe('openai-main/meta-llama/Llama-3.3-70B');
    expect(upstream.requests.at(-1)).toMatchObject({ path: '/v1/chat/completions', body: { model: 'meta-llama/Llama-3.3-70B' } });
  });

  it.each([
    ['a provider without passthrough_models', 'closed/claude-sonnet-4-6'],
    ['an unknown provider', 'nowhere/claude-sonnet-4-6'],
    ['an empty model id', 'anthropic-main/'],
  ])('%s is 404 model_not_found, with no upstream call', async (_case, model) => {
    const error = await failure(anthropicClient(OPEN_KEY).messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }));
    expect(error.status).toBe(404);
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    expect(upstream.requests).toHaveLength(0);
  });

  it("a project's allow list governs pass-through names: not allowed is 403 model_not_allowed; a glob over them allows them", async () => {
    const refused = await failure(openaiClient(STRICT_KEY).chat.completions.create({ model: 'anthropic-main/claude-opus-4-7', messages: [{ role: 'user', content: 'hi' }] }));
    expect(refused.status).toBe(403);
    expect(refused.error).toMatchObject({ code: 'model_not_allowed' });
    const outside = await failure(openaiClient(CLAUDE_ONLY_KEY).chat.completions.create({ model: 'openai-main/gpt-5.4', messages: [{ role: 'user', content: 'hi' }] }));
    expect(outside.status).toBe(403);
    expect(upstream.requests).toHaveLength(0);
    const allowed = await openaiClient(CLAUDE_ONLY_KEY).chat.completions.create({ model: 'anthropic-main/claude-opus-4-7', messages: [{ role: 'user', content: 'hi' }] });
    expect(allowed.choices[0]!.message.content).toBe('echo: hi');
  });

  it("keeps the provider's limits: over its rpm the next pass-through call is 429, without an upstream call", async () => {
    const first = await anthropicClient(CLAUDE_ONLY_KEY).messages.create({ model: 'limited/claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'one' }] });
    expect(first.content).toEqual([{ type: 'text', text: 'echo: one' }]);
    const second = await failure(anthropicClient(CLAUDE_ONLY_KEY).messages.create({ model: 'limited/claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'two' }] }));
    expect(second.status).toBe(429);
    expect(upstream.requests).toHaveLength(1);
  });

  it('keeps the guardrails: a global block refuses a pass-through request before any upstream call, and the audit has the row', async () => {
    const error = await failure(anthropicClient(OPEN_KEY).messages.create({ model: 'anthropic-main/claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'Tell me about Project Falcon' }] }));
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({ error: { message: expect.stringContaining('no-codename') } });
    expect(upstream.requests).toHaveLength(0);
    const row = await auditOf(error.headers.get('x-switchyard-request-id'));
    expect(row).toMatchObject({ status: 'rejected', errorCode: 'blocked_by_guardrail' });
  });

  it('GET /v1/models names the providers that take <provider>/<model id>, to callers whose allow lists let such names through', async () => {
    type ModelList = { data: Array<{ id: string }>; switchyard?: { provider_passthrough: Array<{ provider: string; type: string; model: string }> } };
    const list = async (key: string) => (await (await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } })).json()) as ModelList;
    const open = await list(OPEN_KEY);
    expect(open.data.map((entry) => entry.id)).toEqual(['sonnet']);
    expect(open.switchyard?.provider_passthrough).toEqual([
      { provider: 'anthropic-main', type: 'anthropic', model: 'anthropic-main/<model id>' },
      { provider: 'openai-main', type: 'openai-compatible', model: 'openai-main/<model id>' },
      { provider: 'limited', type: 'anthropic', model: 'limited/<model id>' },
    ]);
    expect((await list(CLAUDE_ONLY_KEY)).switchyard?.provider_passthrough.map((entry) => entry.provider)).toEqual(['anthropic-main', 'limited']);
    expect((await list(STRICT_KEY)).switchyard).toBeUndefined();
  });
});
