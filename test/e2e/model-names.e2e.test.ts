import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/** Model names as clients send them: Claude Code's dated ids through a glob, anything else to default_router. */
let upstream: FakeUpstream;
let gateway: TestGateway;
let anthropic: Anthropic;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gateway = await startTestGateway(`
store: { kind: memory }
providers:
  fake-anthropic: { type: anthropic, base_url: "${upstream.url}", api_key: upstream-key }
models:
  sonnet: { provider: fake-anthropic, model: claude-sonnet-4-6 }
  haiku: { provider: fake-anthropic, model: claude-haiku-4-5 }
routers:
  "claude-haiku-*": { strategy: single, target: haiku }
  "claude-*": { strategy: single, target: sonnet }
  main: { strategy: single, target: sonnet }
default_router: main
`);
  anthropic = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

describe('model names', () => {
  it.each([
    ['claude-haiku-4-5-20251001', 'claude-haiku-4-5'],
    ['claude-opus-5-5', 'claude-sonnet-4-6'],
    ['gpt-5.4', 'claude-sonnet-4-6'],
  ])('%s is served by %s', async (requested, providerModel) => {
    upstream.reset();
    const { data, response } = await anthropic.messages.create({ model: requested, max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(data.content).toEqual([{ type: 'text', text: 'echo: hi' }]);
    expect(upstream.requests.map((request) => (request.body as { model: string }).model)).toEqual([providerModel]);
    expect(response.headers.get('x-switchyard-router')).toBe(requested);
  });

  it('count_tokens resolves the same way', async () => {
    const counted = await anthropic.messages.countTokens({ model: 'claude-haiku-4-5-20251001', messages: [{ role: 'user', content: 'hi' }] });
    expect(counted.input_tokens).toBeGreaterThan(0);
  });

  it('GET /v1/models lists the exact names, not the patterns', async () => {
    const response = await fetch(`${gateway.url}/v1/models`);
    const ids = ((await response.json()) as { data: Array<{ id: string }> }).data.map((entry) => entry.id);
    expect(ids).toEqual(['main', 'sonnet', 'haiku']);
  });
});
