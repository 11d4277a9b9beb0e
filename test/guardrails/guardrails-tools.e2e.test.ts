import Anthropic from '@anthropic-ai/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const tool = (name: string) => ({ type: 'function' as const, function: { name, description: name, parameters: { type: 'object', properties: {} } } });

/** Tool filtering (allow / deny / max_tools) and stripping for a target without tool support, never silent. */
describe('guardrails: tools', () => {
  let upstream: FakeUpstream;
  let test: TestGateway;
  let anthropic: Anthropic;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    test = await startTestGateway(`
store: { kind: memory }
providers:
  oa: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: sk-upstream-not-a-secret }
  an: { type: anthropic, base_url: "${upstream.url}", api_key: upstream-key }
models:
  gpt: { provider: oa, model: gpt-fake }
  claude: { provider: an, model: claude-fake }
  notools: { provider: oa, model: small-fake, capabilities: { tools: false } }
routers:
  filtered: { strategy: failover, targets: [gpt], tools: { allow: ["search_*", read_file, delete_file], deny: [delete_*], max_tools: 2 } }
  messages: { strategy: failover, targets: [claude], tools: { deny: [bash] } }
  small: { strategy: failover, targets: [notools], tools: { strip_tools_when_unsupported: true } }
  small-strict: { strategy: failover, targets: [notools] }
`);
    anthropic = new Anthropic({ baseURL: test.url, apiKey: 'client-key', maxRetries: 0 });
  });
  afterEach(() => upstream.reset());
  afterAll(async () => {
    await test.close();
    await upstream.close();
  });

  const sentTools = () => ((upstream.requests[0]!.body as { tools?: Array<{ function?: { name: string }; name?: string }> }).tools ?? []).map((entry) => entry.function?.name ?? entry.name);

  it('allow, deny (wins) and max_tools, in the client’s order; the removed ones are named in x-switchyard-warnings', async () => {
    const { response } = await test.openai.chat.completions
      .create({ model: 'filtered', messages: [{ role: 'user', content: 'hi' }], tools: [tool('search_web'), tool('delete_file'), tool('run_shell'), tool('read_file'), tool('search_docs')] })
      .withResponse();
    expect(sentTools()).toEqual(['search_web', 'read_file']);
    expect(response.headers.get('x-switchyard-warnings')).toContain("tools removed by router 'filtered': delete_file, run_shell, search_docs");
  });

  it('a tool_choice naming a removed tool goes with it', async () => {
    await test.openai.chat.completions.create({ model: 'filtered', messages: [{ role: 'user', content: 'hi' }], tools: [tool('search_web'), tool('run_shell')], tool_choice: { type: 'function', function: { name: 'run_shell' } } });
    const body = upstream.requests[0]!.body as Record<string, unknown>;
    expect(sentTools()).toEqual(['search_web']);
    expect(body.tool_choice).toBeUndefined();
  });

  it('filters a carried Anthropic body too, leaving the rest as sent', async () => {
    const tools = [
      { name: 'bash', description: 'shell', input_schema: { type: 'object' as const } },
      { name: 'read', description: 'read', input_schema: { type: 'object' as const } },
    ];
    await anthropic.messages.create({ model: 'messages', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }], tools, tool_choice: { type: 'tool', name: 'bash' } });
    const body = upstream.requests[0]!.body as Record<string, unknown>;
    expect(sentTools()).toEqual(['read']);
    expect(body.tool_choice).toBeUndefined();
    expect(body.max_tokens).toBe(20);
  });

  it('strip_tools_when_unsupported: a target without tool support gets the request without them, with a warning', async () => {
    const { response } = await test.openai.chat.completions
      .create({ model: 'small', messages: [{ role: 'user', content: 'hi' }], tools: [tool('search_web')], tool_choice: 'auto', parallel_tool_calls: true })
      .withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe('notools');
    const body = upstream.requests[0]!.body as Record<string, unknown>;
    expect(body.tools).toBeUndefined();
    expect(body.tool_choice).toBeUndefined();
    expect(body.parallel_tool_calls).toBeUndefined();
    expect(response.headers.get('x-switchyard-warnings')).toContain("tools removed: 'notools' cannot take tools (strip_tools_when_unsupported)");
  });

  it('without the option the same target is skipped: 400 naming what it lacks', async () => {
    const error = await test.openai.chat.completions.create({ model: 'small-strict', messages: [{ role: 'user', content: 'hi' }], tools: [tool('search_web')] }).then(() => ({ status: 200, message: '' }), (caught: unknown) => caught as { status: number; message: string });
    expect(error.status).toBe(400);
    expect(error.message).toContain('lacks tools');
    expect(upstream.requests).toHaveLength(0);
  });
});
