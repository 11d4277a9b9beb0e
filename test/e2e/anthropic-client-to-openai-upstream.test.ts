import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildSmallPdf } from '../clients/build-small-pdf.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/** The official Anthropic SDK talks to the gateway's /v1/messages; an OpenAI-type upstream answers. */
const GATEWAY_KEY = 'gateway-key-0001';
const weather = { name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } };
const tools = [{ name: 'get_weather', description: 'Current weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } }];

let upstream: FakeUpstream;
let gateway: TestGateway;
let client: Anthropic;
let gatewayUrl: string;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gateway = await startTestGateway(`
server: { api_keys: [{ key: ${GATEWAY_KEY}, name: tests }] }
store: { kind: memory }
providers:
  fake-openai: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: upstream-key }
models:
  gpt-fake: { provider: fake-openai, model: gpt-fake }
routers:
  smart: { strategy: single, target: gpt-fake }
`);
  gatewayUrl = gateway.url;
  client = new Anthropic({ baseURL: gatewayUrl, apiKey: GATEWAY_KEY, maxRetries: 0 });
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
});
beforeEach(() => upstream.reset());

describe('Anthropic SDK → gateway → OpenAI upstream', () => {
  it('streams a tool call that the SDK stream helpers accumulate', async () => {
    upstream.setBehavior({ kind: 'ok', text: 'Let me check.', toolCall: weather });
    const stream = client.messages.stream({ model: 'smart', max_tokens: 256, tools, messages: [{ role: 'user', content: 'Weather in Paris?' }] });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(texts.join('')).toBe('Let me check.');
    expect(message.content).toEqual([
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: expect.any(String), name: 'get_weather', input: weather.arguments },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    // What went upstream is an OpenAI chat request with the tool translated.
    expect(upstream.requests[0]!.body).toMatchObject({
      model: 'gpt-fake',
      max_tokens: 256,
      stream: true,
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: tools[0]!.input_schema } }],
    });
  });

  it('answers a non-streaming message with tool results in the history', async () => {
    const message = await client.messages.create({
      model: 'smart',
      max_tokens: 64,
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '18C' }, { type: 'text', text: 'Summarise.' }] },
      ],
    });
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'gpt-fake', stop_reason: 'end_turn', content: [{ type: 'text', text: 'echo: Summarise.' }] });
    expect(message.id).toMatch(/^msg_/);
    const sent = upstream.requests[0]!.body as { messages: Array<{ role: string }> };
    expect(sent.messages.map((entry) => entry.role)).toEqual(['system', 'user', 'assistant', 'tool', 'user']);
  });

  it('counts tokens (an estimate) through the SDK', async () => {
    const count = await client.messages.countTokens({ model: 'smart', messages: [{ role: 'user', content: 'Hello world' }] });
    expect(count.input_tokens).toBe(5);
    expect(upstream.requests).toHaveLength(0);
  });

  it('counts a PDF a Read tool returned (Claude Code’s own turn): 2,300 tokens for its one page, beside its text', async () => {
    const pdf = buildSmallPdf('Counted page.').toString('base64');
    const messages = (document: boolean): Anthropic.MessageParam[] => [
      { role: 'user', content: 'Read the PDF.' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/tmp/a.pdf' } }] },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'toolu_1',
            content: [{ type: 'text', text: 'PDF file read' }, ...(document ? [{ type: 'document' as const, source: { type: 'base64' as const, media_type: 'application/pdf' as const, data: pdf } }] : [])],
          },
        ],
      },
    ];
    const without = await client.messages.countTokens({ model: 'smart', messages: messages(false) });
    const withDocument = await client.messages.countTokens({ model: 'smart', messages: messages(true) });
    // The document follows the tool result as a user message of its own: one more per-message allowance.
    expect(withDocument.input_tokens - without.input_tokens).toBe(2300 + 3);
  });

  it('rejects a wrong x-api-key with an Anthropic authentication_error', async () => {
    const stranger = new Anthropic({ baseURL: gatewayUrl, apiKey: 'wrong-key-0000', maxRetries: 0 });
    const error: unknown = await stranger.messages.create({ model: 'smart', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('ends a stream cut after the first byte with an error event the SDK raises', async () => {
    upstream.setBehavior({ kind: 'cut-stream', afterChunks: 2 });
    const stream = client.messages.stream({ model: 'smart', max_tokens: 64, messages: [{ role: 'user', content: 'Tell me a story' }] });
    const error: unknown = await stream.finalMessage().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(String((error as Error).message)).toMatch(/api_error|cut|upstream/i);
  });
});
