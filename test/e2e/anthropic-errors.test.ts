import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/** Bad input on /v1/messages comes back in Anthropic's error shape, with a status that means it. */
let upstream: FakeUpstream;
let gateway: TestGateway;
let gatewayUrl: string;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gateway = await startTestGateway(`
store: { kind: memory }
providers:
  fake-anthropic: { type: anthropic, base_url: "${upstream.url}", api_key: upstream-key }
models:
  claude-fake: { provider: fake-anthropic, model: claude-fake }
`);
  gatewayUrl = gateway.url;
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

async function post(path: string, body: string): Promise<{ status: number; json: { type: string; error: { type: string; message: string } } }> {
  const response = await fetch(`${gatewayUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, json: (await response.json()) as { type: string; error: { type: string; message: string } } };
}

describe('Anthropic-shaped errors on /v1/messages', () => {
  it('malformed JSON → 400 invalid_request_error', async () => {
    const { status, json } = await post('/v1/messages', '{"model": "claude-fake", ');
    expect(status).toBe(400);
    expect(json).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('not valid JSON') } });
  });

  it('missing max_tokens → 400 invalid_request_error naming it', async () => {
    const { status, json } = await post('/v1/messages', JSON.stringify({ model: 'claude-fake', messages: [{ role: 'user', content: 'hi' }] }));
    expect(status).toBe(400);
    expect(json.type).toBe('error');
    expect(json.error.type).toBe('invalid_request_error');
    expect(json.error.message).toContain('max_tokens');
  });

  it('a wrong type → 400 invalid_request_error', async () => {
    const { status, json } = await post('/v1/messages', JSON.stringify({ model: 'claude-fake', max_tokens: 'ten', messages: [{ role: 'user', content: 'hi' }] }));
    expect(status).toBe(400);
    expect(json.error.type).toBe('invalid_request_error');
  });

  it('a malformed content block → 400 invalid_request_error naming the field (an unknown block type is carried instead)', async () => {
    const body = { model: 'claude-fake', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'text', data: 'x' } }] }] };
    const { status, json } = await post('/v1/messages', JSON.stringify(body));
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('messages[0].content[0].source.media_type') });
    expect(upstream.requests).toHaveLength(0);
  });

  it('unknown model → 404 not_found_error, also on count_tokens', async () => {
    const messages = [{ role: 'user', content: 'hi' }];
    const { status, json } = await post('/v1/messages', JSON.stringify({ model: 'no-such-model', max_tokens: 10, messages }));
    expect(status).toBe(404);
    expect(json.error).toMatchObject({ type: 'not_found_error', message: expect.stringContaining('no-such-model') });
    const counted = await post('/v1/messages/count_tokens', JSON.stringify({ model: 'no-such-model', messages }));
    expect(counted.status).toBe(404);
    expect(counted.json.error.type).toBe('not_found_error');
    expect(upstream.requests).toHaveLength(0);
  });

  it('the Anthropic SDK raises its own error classes for them', async () => {
    const client = new Anthropic({ baseURL: gatewayUrl, apiKey: 'unused', maxRetries: 0 });
    const notFound: unknown = await client.messages.create({ model: 'no-such-model', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect(notFound).toBeInstanceOf(Anthropic.NotFoundError);
    expect((notFound as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  it('an upstream 529 with no other target → 5xx in Anthropic shape', async () => {
    upstream.enqueue({ kind: 'status', status: 529 });
    const { status, json } = await post('/v1/messages', JSON.stringify({ model: 'claude-fake', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }));
    expect(status).toBeGreaterThanOrEqual(500);
    expect(json.type).toBe('error');
    expect(json.error.message).toContain('overloaded_error');
  });
});
