import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const KEY = 'team-key-0123456789';

const config = `
store: { kind: memory }
server: { api_keys: [{ key: ${KEY}, name: team }] }
providers:
  local: { type: mock }
models:
  echo: { provider: local, model: mock-echo }
`;

describe('server.api_keys guards every /v1 endpoint', () => {
  let test: TestGateway;
  beforeAll(async () => {
    test = await startTestGateway(config);
  });
  afterAll(() => test.close());

  const openai = (apiKey: string) => new OpenAI({ baseURL: `${test.url}/v1`, apiKey, maxRetries: 0 });

  it('refuses chat and the model list without a valid key, in the OpenAI error shape', async () => {
    await expect(openai('wrong-key-000').chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    await expect(openai('wrong-key-000').models.list()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    const anonymous = await fetch(`${test.url}/v1/models`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('serves chat and the model list with the key as a bearer token or x-api-key', async () => {
    const completion = await openai(KEY).chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.content).toContain('hi');
    expect((await openai(KEY).models.list()).data.map((model) => model.id)).toContain('echo');
    const byHeader = await fetch(`${test.url}/v1/models`, { headers: { 'x-api-key': KEY } });
    expect(byHeader.status).toBe(200);
  });

  it('guards the Anthropic endpoints, answering in the Anthropic error shape', async () => {
    const wrong = new Anthropic({ baseURL: test.url, apiKey: 'wrong-key-000', maxRetries: 0 });
    await expect(wrong.messages.countTokens({ model: 'echo', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 401 });
    await expect(wrong.messages.create({ model: 'echo', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 401 });
    const raw = await fetch(`${test.url}/v1/messages/count_tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'echo', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.stringContaining('API key') } });
    const right = new Anthropic({ baseURL: test.url, apiKey: KEY, maxRetries: 0 });
    expect((await right.messages.countTokens({ model: 'echo', messages: [{ role: 'user', content: 'hi' }] })).input_tokens).toBeGreaterThan(0);
  });
});
