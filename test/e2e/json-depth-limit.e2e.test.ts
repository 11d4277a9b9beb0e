import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../router/http/build-app.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * Issue 18 item 1: a body nested 10,000 deep is the client's fault (400 invalid_request in its own
 * format), checked at parse time on every endpoint: no upstream call, no circuit touched.
 */
let upstream: FakeUpstream;
let gateway: TestGateway;

/** A JSON schema `levels` objects deep (each level one `properties` object and one property object). */
function deepSchema(levels: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let level = 0; level < levels; level++) schema = { type: 'object', properties: { inner: schema } };
  return schema;
}
const DEEP = '__deep__';
/** JSON text of `body` with the string DEEP replaced by `levels` nested arrays (too deep for JSON.stringify's stack). */
function withDeepArray(body: unknown, levels: number): string {
  return JSON.stringify(body).replace(`"${DEEP}"`, `${'['.repeat(levels)}1${']'.repeat(levels)}`);
}
/** JSON text of `body` with the string DEEP replaced by a schema `levels` objects deep. */
function withDeepSchema(body: unknown, levels: number): string {
  return JSON.stringify(body).replace(`"${DEEP}"`, `${'{"type":"object","properties":{"inner":'.repeat(levels)}{"type":"string"}${'}}'.repeat(levels)}`);
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gateway = await startTestGateway(`
store: { kind: memory }
circuit_breaker: { failure_threshold: 1 }
providers:
  fake-openai: { type: openai, base_url: "${upstream.url}/v1", api_key: upstream-key }
  fake-anthropic: { type: anthropic, base_url: "${upstream.url}", api_key: upstream-key }
models:
  gpt-fake: { provider: fake-openai, model: gpt-fake }
  claude-fake: { provider: fake-anthropic, model: claude-fake }
`);
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
});
beforeEach(() => upstream.reset());

async function post(path: string, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function expectCircuitsClosed(): Promise<void> {
  const { deployments } = (await (await fetch(`${gateway.url}/admin/health`)).json()) as { deployments: Array<{ state: string; failures: number }> };
  for (const entry of deployments) expect(entry).toMatchObject({ state: 'closed', failures: 0 });
}

const openAIShape = { error: { type: 'invalid_request_error', code: 'invalid_request', param: null, message: expect.stringContaining(`deeper than ${MAX_JSON_DEPTH} levels`) } };
const anthropicShape = { type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining(`deeper than ${MAX_JSON_DEPTH} levels`) } };

describe('a body nested deeper than the limit', () => {
  it('chat: tool parameters 10,000 deep → 400 invalid_request, five times, circuits closed', async () => {
    const body = withDeepSchema({ model: 'gpt-fake', messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: 'deep', parameters: DEEP } }] }, 5_000);
    for (let round = 0; round < 5; round++) {
      const { status, json } = await post('/v1/chat/completions', body);
      expect(status).toBe(400);
      expect(json).toEqual(openAIShape);
    }
    expect(upstream.requests).toHaveLength(0);
    await expectCircuitsClosed();
    const healthy = await gateway.openai.chat.completions.create({ model: 'gpt-fake', messages: [{ role: 'user', content: 'still served' }] });
    expect(healthy.choices[0]?.message.content).toContain('still served');
  });

  it('the official OpenAI SDK raises BadRequestError with the code', async () => {
    const error: unknown = await gateway.openai.chat.completions
      .create({ model: 'gpt-fake', messages: [{ role: 'user', content: 'hi' }], response_format: { type: 'json_schema', json_schema: { name: 'deep', schema: deepSchema(200) } } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('invalid_request');
  });

  it('messages: deep tool_use.input → 400 in the Anthropic shape (SDK BadRequestError)', async () => {
    const messages = [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'deep', input: { value: DEEP } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' }] },
    ];
    const { status, json } = await post('/v1/messages', withDeepArray({ model: 'claude-fake', max_tokens: 10, messages }, 10_000));
    expect(status).toBe(400);
    expect(json).toEqual(anthropicShape);
    const client = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
    const error: unknown = await client.messages
      .create({ model: 'claude-fake', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], tools: [{ name: 'deep', input_schema: deepSchema(300) as Anthropic.Tool.InputSchema }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(upstream.requests).toHaveLength(0);
  });

  it('count_tokens: deep input_schema → 400 in the Anthropic shape', async () => {
    const { status, json } = await post('/v1/messages/count_tokens', withDeepSchema({ model: 'claude-fake', messages: [{ role: 'user', content: 'hi' }], tools: [{ name: 'deep', input_schema: DEEP }] }, 5_000));
    expect(status).toBe(400);
    expect(json).toEqual(anthropicShape);
  });

  it('responses: a deep array in an input item, and a deep text.format schema → 400 in the OpenAI shape', async () => {
    const item = await post('/v1/responses', withDeepArray({ model: 'gpt-fake', input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi', extra: DEEP }] }] }, 10_000));
    expect(item.status).toBe(400);
    expect(item.json).toEqual(openAIShape);
    const format = await post('/v1/responses', withDeepSchema({ model: 'gpt-fake', input: 'hi', text: { format: { type: 'json_schema', name: 'deep', schema: DEEP } } }, 5_000));
    expect(format.status).toBe(400);
    expect(format.json).toEqual(openAIShape);
    expect(upstream.requests).toHaveLength(0);
    await expectCircuitsClosed();
  });

  it('a body just inside the limit is served', async () => {
    // Body → tools[] → tool → function → parameters: 4 levels before the schema's own.
    const levels = Math.floor((MAX_JSON_DEPTH - 5) / 2);
    const tools = [{ type: 'function' as const, function: { name: 'deep', parameters: deepSchema(levels) } }];
    const answer = await gateway.openai.chat.completions.create({ model: 'gpt-fake', messages: [{ role: 'user', content: 'inside' }], tools });
    expect(answer.choices[0]?.message.content).toContain('inside');
    expect(upstream.requests).toHaveLength(1);
  });
});
