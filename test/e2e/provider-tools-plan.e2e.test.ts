/**
 * Provider-native tools filter the plan: a target whose provider cannot run a client's hosted or
 * provider-defined tool (Anthropic code execution, OpenAI code interpreter…) is skipped, a clear
 * 400 comes back when no target can, and a hosted web search reaches every provider that has one
 * as that provider's own web search.
 */
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { useGatewayOnFakeUpstream } from '../support/use-gateway-on-fake-upstream.ts';

const harness = useGatewayOnFakeUpstream(
  (upstreamUrl) => `
defaults: { retries: 0 }
providers:
  chat: { type: openai-compatible, base_url: "${upstreamUrl}/v1", api_key: sk-upstream }
  responses: { type: openai, base_url: "${upstreamUrl}/v1", api_key: sk-upstream, api: responses }
  claude: { type: anthropic, base_url: "${upstreamUrl}", api_key: sk-ant-upstream }
  google: { type: gemini, base_url: "${upstreamUrl}/v1beta", api_key: upstream-gemini-key }
models:
  to-chat: { provider: chat, model: chat-model }
  to-responses: { provider: responses, model: responses-model }
  to-anthropic: { provider: claude, model: claude-sonnet-4-6 }
  to-gemini: { provider: google, model: gemini-3-flash }
routers:
  chat-then-anthropic: { strategy: failover, targets: [to-chat, to-anthropic] }
  chat-then-responses: { strategy: failover, targets: [to-chat, to-responses] }
  no-runner: { strategy: failover, targets: [to-chat, to-gemini] }
`,
);

const codeExecution = { type: 'code_execution_20250825', name: 'code_execution' } as const;
const question = [{ role: 'user' as const, content: 'Compute 2 ** 64.' }];

describe('provider-native tools filter the plan', () => {
  it('skips a target that cannot run Anthropic code execution and serves the request where it can, the tool as sent', async () => {
    const { response } = await harness.anthropic.messages.create({ model: 'chat-then-anthropic', max_tokens: 64, messages: question, tools: [codeExecution] } as unknown as Anthropic.MessageCreateParamsNonStreaming).withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe('to-anthropic');
    expect(harness.upstream.requests.map((request) => request.path)).toEqual(['/v1/messages']);
    expect((harness.upstream.requests[0]!.body as { tools: unknown[] }).tools).toEqual([codeExecution]);
  });

  it('answers 400 unsupported_feature naming the tool when no target can run it, without calling any upstream', async () => {
    const error: unknown = await harness.anthropic.messages
      .create({ model: 'no-runner', max_tokens: 64, messages: question, tools: [codeExecution] } as unknown as Anthropic.MessageCreateParamsNonStreaming)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    const body = (error as InstanceType<typeof Anthropic.BadRequestError>).error as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain("to-chat: cannot run the anthropic tool 'code_execution'");
    expect(body.error.message).toContain("to-gemini: cannot run the anthropic tool 'code_execution'");
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('a Responses client’s code_interpreter skips the Chat API target and reaches the Responses one as sent', async () => {
    const tool = { type: 'code_interpreter' as const, container: { type: 'auto' as const } };
    const { response } = await harness.openai.responses.create({ model: 'chat-then-responses', input: 'Compute 2 ** 64.', tools: [tool] }).withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe('to-responses');
    expect((harness.upstream.requests[0]!.body as { tools: unknown[] }).tools).toEqual([tool]);
  });
});

describe('hosted web search maps to each provider’s own', () => {
  it('OpenAI web_search (Codex) → Anthropic web_search_20250305 with its domains and location; the Chat API target is skipped', async () => {
    const location = { type: 'approximate' as const, city: 'Paris', country: 'FR' };
    const { response } = await harness.openai.responses
      .create({ model: 'chat-then-anthropic', input: 'News today?', tools: [{ type: 'web_search', filters: { allowed_domains: ['example.com'] }, user_location: location }] })
      .withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe('to-anthropic');
    expect((harness.upstream.requests[0]!.body as { tools: unknown[] }).tools).toEqual([{ type: 'web_search_20250305', name: 'web_search', allowed_domains: ['example.com'], user_location: location, cache_control: { type: 'ephemeral' } }]);
  });

  it('Anthropic web_search → Gemini googleSearch beside the function declarations; the setting Gemini lacks is a warning', async () => {
    const { response } = await harness.anthropic.messages
      .create({
        model: 'to-gemini',
        max_tokens: 64,
        messages: question,
        tools: [
          { type: 'web_search_20250305', name: 'web_search', max_uses: 2 },
          { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
        ],
      })
      .withResponse();
    expect(response.headers.get('x-switchyard-warnings')).toContain('web search setting(s) max_uses are not supported by Gemini Google Search');
    const tools = (harness.upstream.requests[0]!.body as { tools: Array<Record<string, unknown>> }).tools;
    expect(tools).toEqual([{ functionDeclarations: [expect.objectContaining({ name: 'get_weather' })] }, { googleSearch: {} }]);
  });

  it('Anthropic web_search → OpenAI Responses web_search', async () => {
    await harness.anthropic.messages.create({ model: 'chat-then-responses', max_tokens: 64, messages: question, tools: [{ type: 'web_search_20250305', name: 'web_search', allowed_domains: ['example.org'] }] });
    expect(harness.upstream.requests.map((request) => request.path)).toEqual(['/v1/responses']);
    expect((harness.upstream.requests[0]!.body as { tools: unknown[] }).tools).toEqual([{ type: 'web_search', filters: { allowed_domains: ['example.org'] } }]);
  });
});
