/**
 * The Responses API's stateful parts through the gateway, with the official openai SDK:
 * `/v1/responses/input_tokens` and `/v1/responses/compact` reach the plan's Responses deployment
 * (others skipped; none is a clear 400), and a follow-up naming `previous_response_id` reaches the
 * deployment that answered that id, streamed or not, even when the router would pick another.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useGatewayOnFakeUpstream } from '../support/use-gateway-on-fake-upstream.ts';

const harness = useGatewayOnFakeUpstream(
  (upstreamUrl) => `
defaults: { retries: 0 }
circuit_breaker: { failure_threshold: 100, recovery_ms: 60000 }
providers:
  chat: { type: openai-compatible, base_url: "${upstreamUrl}/v1", api_key: sk-upstream }
  responses: { type: openai, base_url: "${upstreamUrl}/v1", api_key: sk-upstream, api: responses }
  claude: { type: anthropic, base_url: "${upstreamUrl}", api_key: sk-ant-upstream }
models:
  to-chat: { provider: chat, model: chat-model }
  resp-a: { provider: responses, model: model-a }
  resp-b: { provider: responses, model: model-b }
  to-anthropic: { provider: claude, model: claude-sonnet-4-6 }
routers:
  chat-then-responses: { strategy: failover, targets: [to-chat, resp-a] }
  no-responses: { strategy: failover, targets: [to-chat, to-anthropic] }
  pair: { strategy: failover, targets: [resp-a, resp-b] }
`,
);

describe('/v1/responses/input_tokens and /v1/responses/compact', () => {
  it('input_tokens: the Chat API target is skipped, the Responses deployment gets the body with its model, the answer comes back as sent', async () => {
    const { data, response } = await harness.openai.responses.inputTokens.count({ model: 'chat-then-responses', input: 'How many tokens is this?', instructions: 'Be brief.' }).withResponse();
    expect(data).toEqual({ object: 'response.input_tokens', input_tokens: expect.any(Number) });
    expect(response.headers.get('x-switchyard-model')).toBe('resp-a');
    expect(harness.upstream.requests).toHaveLength(1);
    expect(harness.upstream.requests[0]).toMatchObject({ path: '/v1/responses/input_tokens', body: { model: 'model-a', input: 'How many tokens is this?', instructions: 'Be brief.' } });
  });

  it('compact: the compaction item comes back as the upstream sent it', async () => {
    const compacted = await harness.openai.responses.compact({ model: 'resp-b', input: [{ role: 'user', content: 'A long conversation.' }] });
    expect(compacted).toMatchObject({ object: 'response.compaction', output: [{ type: 'compaction', encrypted_content: expect.stringMatching(/^compacted_fake_/) }] });
    expect(harness.upstream.requests[0]).toMatchObject({ path: '/v1/responses/compact', body: { model: 'model-b' } });
  });

  it('is a 400 unsupported_feature naming each deployment when none is on the Responses API, without an upstream call', async () => {
    const error: unknown = await harness.openai.responses.inputTokens.count({ model: 'no-responses', input: 'hi' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const { message, code } = (error as InstanceType<typeof OpenAI.BadRequestError>).error as { message: string; code: string };
    expect(code).toBe('unsupported_feature');
    expect(message).toContain('to-chat: has no /v1/responses/input_tokens');
    expect(message).toContain('to-anthropic: has no /v1/responses/input_tokens');
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('keeps an upstream error’s meaning (404 stays 404 with its message)', async () => {
    harness.upstream.enqueue({ kind: 'status', status: 404, message: 'no such model here' });
    const error: unknown = await harness.openai.responses.compact({ model: 'resp-a', input: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(String((error as Error).message)).toContain('no such model here');
  });
});

describe('previous_response_id follows the deployment that answered it', () => {
  it('non-streaming: resp-a fails, resp-b answers; the follow-up goes to resp-b although the router tries resp-a first', async () => {
    harness.upstream.enqueue({ kind: 'status', status: 500 }, { model: 'model-a' });
    const first = await harness.openai.responses.create({ model: 'pair', input: 'Remember 42.', store: true }).withResponse();
    expect(first.response.headers.get('x-switchyard-model')).toBe('resp-b');
    const follow = await harness.openai.responses.create({ model: 'pair', input: 'What number?', previous_response_id: first.data.id }).withResponse();
    expect(follow.response.headers.get('x-switchyard-model')).toBe('resp-b');
    const last = harness.upstream.requests.at(-1)!;
    expect(last.body).toMatchObject({ model: 'model-b', previous_response_id: first.data.id, input: 'What number?' });
  });

  it('streaming: the id from response.created is remembered before the stream ends', async () => {
    harness.upstream.enqueue({ kind: 'status', status: 503 }, { model: 'model-a' });
    const stream = await harness.openai.responses.create({ model: 'pair', input: 'Remember 7.', stream: true });
    let id: string | undefined;
    for await (const event of stream) if (event.type === 'response.created') id = event.response.id;
    expect(id).toMatch(/^resp_/);
    const follow = harness.openai.responses.stream({ model: 'pair', input: 'Which?', previous_response_id: id! });
    await follow.finalResponse();
    expect(harness.upstream.requests.at(-1)!.body).toMatchObject({ model: 'model-b', previous_response_id: id });
  });

  it('an id the gateway never saw answered is a clear 400 naming previous_response_id, with no upstream call', async () => {
    const error: unknown = await harness.openai.responses.create({ model: 'pair', input: 'again', previous_response_id: 'resp_unknown_1' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({ code: 'unsupported_feature', param: 'previous_response_id' });
    expect(harness.upstream.requests).toHaveLength(0);
  });
});
