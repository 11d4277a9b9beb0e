import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBedrock, type FakeBedrock } from '../fake-upstream/fake-bedrock.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const KEY_ID = 'AKIAFAKEFAKEFAKE0001';
const SECRET = 'fake/secret+key0123456789abcdefghijklmnop';
const MODEL = 'eu.anthropic.claude-opus-4-6-v1:0';

describe('type: bedrock (Converse / ConverseStream through the AWS SDK, SigV4 checked by the receiving side)', () => {
  let stockholm: FakeBedrock;
  let frankfurt: FakeBedrock;
  let test: TestGateway;
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

  beforeAll(async () => {
    stockholm = await startFakeBedrock({ region: 'eu-north-1', accessKeyId: KEY_ID, secretAccessKey: SECRET });
    frankfurt = await startFakeBedrock({ region: 'eu-central-1', accessKeyId: KEY_ID, secretAccessKey: SECRET });
    // `frankfurt` names no key: the SDK's standard chain finds it in the environment.
    process.env.AWS_ACCESS_KEY_ID = KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = SECRET;
    test = await startTestGateway(
      `
store: { kind: memory }
defaults: { retries: 0, timeout_ms: 5000 }
providers:
  stockholm: { type: bedrock, region: eu-north-1, base_url: "${stockholm.url}", access_key_id: "\${BEDROCK_KEY_ID}", secret_access_key: "\${BEDROCK_SECRET}" }
  frankfurt: { type: bedrock, region: eu-central-1, base_url: "${frankfurt.url}" }
  wrong:     { type: bedrock, region: eu-north-1, base_url: "${stockholm.url}", access_key_id: "${KEY_ID}", secret_access_key: not-the-secret-0123456789 }
models:
  opus-stockholm: { provider: stockholm, model: "${MODEL}", price: { input: 5, output: 25, cache_read: 0.5 } }
  opus-frankfurt: { provider: frankfurt, model: "${MODEL}", price: { input: 5, output: 25 } }
  opus-wrong:     { provider: wrong, model: "${MODEL}" }
  titan:          { provider: stockholm, model: "amazon.titan-embed-text-v2:0", kind: embedding, price: { input: 0.02, output: 0 } }
  cohere:         { provider: frankfurt, model: "cohere.embed-english-v3", kind: embedding }
routers:
  opus-eu: { strategy: failover, targets: [opus-stockholm, opus-frankfurt] }
`,
      { environment: { BEDROCK_KEY_ID: KEY_ID, BEDROCK_SECRET: SECRET } },
    );
  });
  afterEach(() => {
    stockholm.reset();
    frankfurt.reset();
  });
  afterAll(async () => {
    await test.close();
    await stockholm.close();
    await frankfurt.close();
    process.env.AWS_ACCESS_KEY_ID = saved.id;
    process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
  });

  it('an OpenAI client through Converse: a signed request with system, turns, tools, cache points and params; the answer, usage with cache reads, and cost', async () => {
    stockholm.setBehavior({ kind: 'ok', content: [{ text: 'Paris.' }], usage: { inputTokens: 100, outputTokens: 4, cacheReadInputTokens: 900, totalTokens: 1004 } });
    const { data, response } = await test.openai.chat.completions
      .create({
        model: 'opus-stockholm',
        max_tokens: 200,
        temperature: 0.2,
        stop: ['END'],
        messages: [
          { role: 'system', content: 'Answer in one word.' },
          { role: 'user', content: 'Capital of France?' },
        ],
        tools: [{ type: 'function', function: { name: 'lookup', description: 'Look a city up', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      })
      .withResponse();
    expect(data.choices[0]!.message.content).toBe('Paris.');
    expect(data.usage).toMatchObject({ prompt_tokens: 1000, completion_tokens: 4 });
    const [sent] = stockholm.requests;
    expect(sent).toMatchObject({ modelId: MODEL, stream: false, signatureValid: true, region: 'eu-north-1' });
    expect(sent!.body).toEqual({
      messages: [{ role: 'user', content: [{ text: 'Capital of France?' }] }],
      system: [{ text: 'Answer in one word.' }],
      inferenceConfig: { maxTokens: 200, temperature: 0.2, stopSequences: ['END'] },
      toolConfig: { tools: [{ toolSpec: { name: 'lookup', description: 'Look a city up', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } } } }] },
    });
    const decisions = (await (await fetch(`${test.url}/admin/decisions?limit=10`)).json()) as { decisions: Array<{ requestId: string; costUsd: number; cachedInputTokens: number }> };
    const row = decisions.decisions.find((entry) => entry.requestId === response.headers.get('x-switchyard-request-id'))!;
    expect(row.cachedInputTokens).toBe(900);
    // 100 uncached at $5/M + 900 cache reads at $0.50/M + 4 out at $25/M.
    expect(row.costUsd).toBeCloseTo((100 * 5 + 900 * 0.5 + 4 * 25) / 1e6, 12);
  });

  it('an Anthropic client streams with thinking and a tool call through ConverseStream; thinking becomes additionalModelRequestFields, cache_control a cachePoint', async () => {
    stockholm.setBehavior({
      kind: 'ok',
      stopReason: 'tool_use',
      content: [{ reasoningContent: { reasoningText: { text: 'The user wants weather.', signature: 'sig-bedrock-1' } } }, { text: 'Let me check.' }, { toolUse: { toolUseId: 'tooluse_1', name: 'weather', input: { city: 'Oslo' } } }],
    });
    const anthropic = new Anthropic({ baseURL: test.url, apiKey: 'x', maxRetries: 0 });
    const stream = anthropic.messages.stream({
      model: 'opus-stockholm',
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 2000 },
      system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }],
      tools: [{ name: 'weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
    });
    const message = await stream.finalMessage();
    expect(message.content).toEqual([
      expect.objectContaining({ type: 'thinking', thinking: 'The user wants weather.' }),
      expect.objectContaining({ type: 'text', text: 'Let me check.' }),
      expect.objectContaining({ type: 'tool_use', name: 'weather', input: { city: 'Oslo' } }),
    ]);
    expect(message.stop_reason).toBe('tool_use');
    const [sent] = stockholm.requests;
    expect(sent).toMatchObject({ stream: true, signatureValid: true });
    expect(sent!.body).toMatchObject({
      system: [{ text: 'You are terse.' }, { cachePoint: { type: 'default' } }],
      additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2000 } },
      inferenceConfig: { maxTokens: 4000 },
    });

    // The next turn replays the signed thinking to Bedrock, and the tool result goes into the user turn.
    const thinking = message.content[0] as { type: 'thinking'; thinking: string; signature: string };
    stockholm.setBehavior({ kind: 'ok', content: [{ text: 'It is sunny.' }] });
    await anthropic.messages.create({
      model: 'opus-stockholm',
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 2000 },
      tools: [{ name: 'weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: message.content.map((block) => (block.type === 'thinking' ? { type: 'thinking' as const, thinking: block.thinking, signature: block.signature } : block.type === 'text' ? { type: 'text' as const, text: block.text } : { type: 'tool_use' as const, id: (block as { id: string }).id, name: 'weather', input: { city: 'Oslo' } })) },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: (message.content[2] as { id: string }).id, content: 'sunny, 18°C' }] },
      ],
    });
    const replay = stockholm.requests[1]!.body as { messages: Array<{ role: string; content: Array<Record<string, unknown>> }> };
    expect(replay.messages[1]!.content[0]).toEqual({ reasoningContent: { reasoningText: { text: thinking.thinking, signature: 'sig-bedrock-1' } } });
    expect(replay.messages[1]!.content[2]).toEqual({ toolUse: { toolUseId: 'tooluse_1', name: 'weather', input: { city: 'Oslo' } } });
    expect(replay.messages[2]).toEqual({ role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_1', content: [{ text: 'sunny, 18°C' }] } }] });
  });

  it('two regions as two accounts in one failover router: a throttled Stockholm fails over to Frankfurt, signed for its own region with the credentials the chain found', async () => {
    stockholm.setBehavior({ kind: 'error', status: 429, type: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' });
    const { response } = await test.openai.chat.completions.create({ model: 'opus-eu', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe('opus-frankfurt');
    expect(stockholm.requests).toHaveLength(1);
    expect(frankfurt.requests).toEqual([expect.objectContaining({ signatureValid: true, region: 'eu-central-1' })]);
    expect(frankfurt.requests[0]!.headers.authorization).toContain(`Credential=${KEY_ID}/`);
  });

  it("errors keep their meaning: a ValidationException is the client's 400, a bad signature the deployment's 403, a throttle at the end a 429", async () => {
    stockholm.setBehavior({ kind: 'error', status: 400, type: 'ValidationException', message: 'messages: roles must alternate' });
    const invalid = (await test.openai.chat.completions.create({ model: 'opus-stockholm', messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error)) as InstanceType<typeof OpenAI.APIError>;
    expect(invalid.status).toBe(400);
    expect(invalid.message).toContain('roles must alternate');

    stockholm.reset();
    const forged = (await test.openai.chat.completions.create({ model: 'opus-wrong', messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error)) as InstanceType<typeof OpenAI.APIError>;
    expect(stockholm.requests[0]!.signatureValid).toBe(false);
    expect(forged.status).toBe(502);
    expect(JSON.stringify(forged.error)).not.toContain('not-the-secret');

    stockholm.setBehavior({ kind: 'error', status: 429, type: 'ThrottlingException', message: 'slow down' });
    const throttled = (await test.openai.chat.completions.create({ model: 'opus-stockholm', messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error)) as InstanceType<typeof OpenAI.APIError>;
    expect(throttled.status).toBe(429);
  });

  it('embeddings through InvokeModel: Titan one signed call per text with dimensions and its token count; Cohere all texts in one call', async () => {
    const { data, response } = await test.openai.embeddings.create({ model: 'titan', input: ['first text', 'a second, longer text'], dimensions: 8 }).withResponse();
    expect(data.data.map((entry) => entry.embedding.length)).toEqual([8, 8]);
    expect(data.data[1]!.embedding[0]).toBeCloseTo('a second, longer text'.length / 100, 6);
    expect(data.usage.prompt_tokens).toBe(Math.ceil('first text'.length / 4) + Math.ceil('a second, longer text'.length / 4));
    expect(stockholm.requests.map((request) => [request.path, request.signatureValid, request.body])).toEqual([
      ['/model/amazon.titan-embed-text-v2%3A0/invoke', true, { inputText: 'first text', dimensions: 8, normalize: true }],
      ['/model/amazon.titan-embed-text-v2%3A0/invoke', true, { inputText: 'a second, longer text', dimensions: 8, normalize: true }],
    ]);
    const decisions = (await (await fetch(`${test.url}/admin/decisions?limit=10`)).json()) as { decisions: Array<{ requestId: string; costUsd: number }> };
    expect(decisions.decisions.find((entry) => entry.requestId === response.headers.get('x-switchyard-request-id'))?.costUsd).toBeCloseTo((data.usage.prompt_tokens * 0.02) / 1e6, 12);

    const cohere = await test.openai.embeddings.create({ model: 'cohere', input: ['one', 'two', 'three'] });
    expect(cohere.data).toHaveLength(3);
    expect(frankfurt.requests).toEqual([expect.objectContaining({ signatureValid: true, body: { texts: ['one', 'two', 'three'], input_type: 'search_document' } })]);
  });
});
