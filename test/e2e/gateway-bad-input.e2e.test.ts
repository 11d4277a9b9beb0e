import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const CONFIG = `
server: { body_limit_bytes: 2000 }
providers: { mock: { type: mock } }
models: { echo: { provider: mock, model: echo-1 } }
routers: { main: { strategy: single, target: echo } }
`;

type OpenAIErrorBody = { error: { message: string; type: string; param: string | null; code: string } };

describe('bad input gets a precise OpenAI-shaped error', () => {
  let test: TestGateway;
  const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${test.url}/v1/chat/completions`, { method: 'POST', headers, body });

  beforeAll(async () => {
    test = await startTestGateway(CONFIG);
  });
  afterAll(() => test.close());

  it.each([
    ['malformed JSON', '{"model": "main", "messages": [', 400, 'invalid_json', /not valid JSON/],
    ['an empty body', '', 400, 'invalid_json', /empty/],
    ['missing messages', '{"model":"main"}', 400, 'invalid_request', /^Invalid request: 'messages' is required$/],
    ['messages of the wrong type', '{"model":"main","messages":"hi"}', 400, 'invalid_request', /^Invalid request: 'messages' must be array$/],
    ['a temperature of the wrong type', '{"model":"main","messages":[{"role":"user","content":"x"}],"temperature":"hot"}', 400, 'invalid_request', /'temperature' must be number/],
    ['a role that is not a string', '{"model":"main","messages":[{"role":7,"content":"x"}]}', 400, 'invalid_request', /'messages\[0\]\.role' must be string/],
    ['an unknown model', '{"model":"gpt-nope","messages":[{"role":"user","content":"x"}]}', 404, 'model_not_found', /gpt-nope/],
  ])('%s', async (_name, body, status, code, message) => {
    const response = await post(body);
    expect(response.status).toBe(status);
    const payload = (await response.json()) as OpenAIErrorBody;
    expect(payload.error.code).toBe(code);
    expect(payload.error.message).toMatch(message);
    expect(JSON.stringify(payload)).not.toMatch(/at .*\.ts:\d+/);
    if (code === 'invalid_request') expect(payload.error.param).toMatch(/^messages|^temperature/);
  });

  it('a body over the limit is a 413', async () => {
    const response = await post(JSON.stringify({ model: 'main', messages: [{ role: 'user', content: 'x'.repeat(5000) }] }));
    expect(response.status).toBe(413);
    expect(((await response.json()) as OpenAIErrorBody).error.code).toBe('payload_too_large');
  });

  it('a body that is not JSON is a 415', async () => {
    const response = await post('model=main', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
    expect(((await response.json()) as OpenAIErrorBody).error.code).toBe('unsupported_media_type');
  });

  it('an unknown path is a 404 in the same shape', async () => {
    const response = await fetch(`${test.url}/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as OpenAIErrorBody).error.code).toBe('not_found');
  });

  it('the gateway still serves after all that', async () => {
    const completion = await test.openai.chat.completions.create({ model: 'main', messages: [{ role: 'user', content: 'still here?' }] });
    expect(completion.choices[0]?.message.content).toContain('still here?');
  });
});
