/**
 * Issue 10: `/v1/responses/input_tokens` and `/v1/responses/compact` are audited, priced and
 * counted like the other calls. compact is a billed model call (priced from the usage it reports,
 * cached tokens at the cache price, onto the provider's spend); input_tokens is not billed (cost 0).
 * A refused call is a row too.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../router/audit/audit-record.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

let upstream: FakeUpstream;
let gateway: TestGateway;
let client: OpenAI;

type LimitsView = { providers: Array<{ provider: string; spend: { usd: number } }> };

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gateway = await startTestGateway(`
store: { kind: memory }
defaults: { retries: 0 }
providers:
  responses: { type: openai, base_url: "${upstream.url}/v1", api_key: sk-upstream, api: responses, budget: { monthly_usd: 100 } }
  chat: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: sk-upstream }
models:
  gpt: { provider: responses, model: gpt-5.4, price: { input: 2, output: 10, cache_read: 0.2 } }
  to-chat: { provider: chat, model: chat-model }
  gpt-b: { provider: responses, model: gpt-5.4-mini }
routers:
  codex: { strategy: failover, targets: [to-chat, gpt] }
  pair: { strategy: failover, targets: [gpt, gpt-b] }
guardrails:
  checks:
    no-codename: { detector: { type: keywords, words: [Project Falcon] }, action: block }
    mask-email: { detector: { type: pii, kinds: [email] }, action: redact }
  global: [no-codename, mask-email]
`);
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'client-key', maxRetries: 0 });
});
afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});
beforeEach(() => upstream.reset());

async function auditOf(requestId: string | null): Promise<AuditRecord> {
  const rows = (await gateway.gateway.services.audit?.query({ limit: 50 })) ?? [];
  const row = rows.find((record) => record.requestId === requestId);
  if (row === undefined) throw new Error(`no audit row for ${requestId}`);
  return row;
}
async function spendOf(provider: string): Promise<number> {
  const limits = (await (await fetch(`${gateway.url}/admin/limits`)).json()) as LimitsView;
  return limits.providers.find((entry) => entry.provider === provider)?.spend.usd ?? Number.NaN;
}
async function metricLine(prefix: string): Promise<number> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const line = text.split('\n').find((entry) => entry.startsWith(prefix));
  return line === undefined ? 0 : Number(line.slice(prefix.length).trim());
}

describe('Responses sub-endpoints in the audit, the spend and the metrics', () => {
  it('compact: one audit row priced from its usage (cached tokens at cache_read), on the spend and in the metrics', async () => {
    upstream.setBehavior({ kind: 'ok', usage: { inputTokens: 12_000, cachedInputTokens: 10_000, outputTokens: 800 } });
    const spendBefore = await spendOf('responses');
    const countBefore = await metricLine('switchyard_requests_total{router="codex",model="gpt",provider="responses",status="success",format="openai-responses"}');
    const { data, response } = await client.responses.compact({ model: 'codex', input: [{ role: 'user', content: 'A long conversation.' }] }).withResponse();
    expect(data).toMatchObject({ object: 'response.compaction' });
    const row = await auditOf(response.headers.get('x-switchyard-request-id'));
    expect(row).toMatchObject({
      status: 'success',
      httpStatus: 200,
      endpoint: 'responses/compact',
      clientFormat: 'openai-responses',
      requestedModel: 'codex',
      router: 'codex',
      deployment: 'gpt',
      providerModel: 'gpt-5.4',
      inputTokens: 12_000,
      cachedInputTokens: 10_000,
      outputTokens: 800,
    });
    expect(row.attempts.map((attempt) => [attempt.deployment, attempt.outcome])).toEqual([
      ['to-chat', 'skipped'],
      ['gpt', 'success'],
    ]);
    // 2,000 × $2 + 10,000 × $0.20 + 800 × $10 per million = $0.014.
    expect(row.costUsd).toBeCloseTo(0.014, 9);
    expect((await spendOf('responses')) - spendBefore).toBeCloseTo(0.014, 9);
    expect((await metricLine('switchyard_requests_total{router="codex",model="gpt",provider="responses",status="success",format="openai-responses"}')) - countBefore).toBe(1);
  });

  it('input_tokens: one audit row with cost 0 and no tokens used (it counts, it does not generate)', async () => {
    const { data, response } = await client.responses.inputTokens.count({ model: 'gpt', input: 'How many tokens is this?' }).withResponse();
    expect(data.input_tokens).toBeGreaterThan(0);
    const row = await auditOf(response.headers.get('x-switchyard-request-id'));
    expect(row).toMatchObject({ status: 'success', endpoint: 'responses/input_tokens', deployment: 'gpt', inputTokens: 0, outputTokens: 0, costUsd: 0 });
  });

  it('a refused call is a row too: a plan with no Responses deployment is 400 unsupported_feature, audited with its skipped attempts', async () => {
    const { response } = await client.responses.inputTokens
      .count({ model: 'to-chat', input: 'hi' })
      .withResponse()
      .catch((error: { headers: Headers; status: number }) => ({ response: { headers: error.headers, status: error.status } }));
    expect(response.status).toBe(400);
    const row = await auditOf(response.headers.get('x-switchyard-request-id'));
    expect(row).toMatchObject({ status: 'rejected', httpStatus: 400, errorCode: 'unsupported_feature', endpoint: 'responses/input_tokens', requestedModel: 'to-chat' });
    expect(row.attempts).toEqual([expect.objectContaining({ deployment: 'to-chat', outcome: 'skipped' })]);
    expect(upstream.requests).toHaveLength(0);
  });

  it('an upstream error keeps its status and is audited as the endpoint call that failed', async () => {
    upstream.enqueue({ kind: 'status', status: 404, message: 'no such model here' });
    const error = (await client.responses.compact({ model: 'gpt', input: 'x' }).catch((caught: unknown) => caught)) as { status: number; headers: Headers };
    expect(error.status).toBe(404);
    const row = await auditOf(error.headers.get('x-switchyard-request-id'));
    expect(row).toMatchObject({ status: 'rejected', httpStatus: 404, endpoint: 'responses/compact' });
  });

  it('the input guardrails apply: a block is refused before any upstream call (and audited), a redaction reaches the carried body', async () => {
    const blocked = (await client.responses.compact({ model: 'gpt', input: 'Summarise Project Falcon.' }).catch((caught: unknown) => caught)) as { status: number; headers: Headers };
    expect(blocked.status).toBe(400);
    expect(upstream.requests).toHaveLength(0);
    expect(await auditOf(blocked.headers.get('x-switchyard-request-id'))).toMatchObject({ status: 'rejected', errorCode: 'blocked_by_guardrail', endpoint: 'responses/compact' });

    const { response } = await client.responses.inputTokens.count({ model: 'gpt', input: 'Mail jane.doe@example.com the notes.' }).withResponse();
    expect(JSON.stringify(upstream.requests[0]!.body)).not.toContain('jane.doe@example.com');
    expect(upstream.requests[0]!.body).toMatchObject({ input: 'Mail [EMAIL_1] the notes.' });
    expect(await auditOf(response.headers.get('x-switchyard-request-id'))).toMatchObject({ guardrails: [expect.objectContaining({ guardrail: 'mask-email', action: 'redact' })] });
  });

  it('previous_response_id: compact goes to the deployment that answered that response; an id never answered here is a 400 without an upstream call', async () => {
    upstream.enqueue({ kind: 'status', status: 500 }, { model: 'gpt-5.4' });
    const first = await client.responses.create({ model: 'pair', input: 'Remember 42.', store: true }).withResponse();
    expect(first.response.headers.get('x-switchyard-model')).toBe('gpt-b');
    const { response } = await client.responses.compact({ model: 'pair', previous_response_id: first.data.id }).withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe('gpt-b');
    expect(upstream.requests.at(-1)).toMatchObject({ path: '/v1/responses/compact', body: { model: 'gpt-5.4-mini', previous_response_id: first.data.id } });

    const before = upstream.requests.length;
    const error = (await client.responses.compact({ model: 'pair', previous_response_id: 'resp_never_seen' }).catch((caught: unknown) => caught)) as { status: number; error: unknown };
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({ code: 'unsupported_feature', param: 'previous_response_id' });
    expect(upstream.requests).toHaveLength(before);
  });

  it.each([
    ['input of the wrong type', { model: 'gpt', input: 5 }, 'input'],
    ['an input item that is not an object', { model: 'gpt', input: [null] }, 'input[0]'],
  ])('%s is a 400 invalid_request naming it, without an upstream call (their schema leaves input to the parser)', async (_case, body, param) => {
    for (const endpoint of ['compact', 'input_tokens']) {
      const response = await fetch(`${gateway.url}/v1/responses/${endpoint}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: unknown }).error).toMatchObject({ code: 'invalid_request', param });
    }
    expect(upstream.requests).toHaveLength(0);
  });

  it.each([
    ['a temperature of the wrong type', { model: 'gpt', input: 'x', temperature: 'hot' }, "Invalid request: 'temperature' must be number,null", 'temperature'],
    ['a tool that is not an object', { model: 'gpt', input: 'x', tools: [null] }, "Invalid request: 'tools[0]' must be object", 'tools[0]'],
  ])('%s is refused by the /v1/responses schema: a precise 400 in OpenAI\'s shape, without an upstream call', async (_case, body, message, param) => {
    for (const endpoint of ['compact', 'input_tokens']) {
      const response = await fetch(`${gateway.url}/v1/responses/${endpoint}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: { message, type: 'invalid_request_error', param, code: 'invalid_request' } });
    }
    expect(upstream.requests).toHaveLength(0);
  });
});
