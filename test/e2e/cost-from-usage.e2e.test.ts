import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * Issue 10 item 6: cost from real usage. Cache reads and writes are priced at the catalog's cache
 * prices (or the config's), reasoning as output; the audit and the month's spend both use it.
 */
let upstream: FakeUpstream;
let gateway: TestGateway;
let anthropic: Anthropic;

type LimitsView = { providers: Array<{ provider: string; spend: { usd: number } }> };

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gateway = await startTestGateway(`
store: { kind: memory }
providers:
  anthropic: { type: anthropic, base_url: "${upstream.url}", api_key: k, budget: { monthly_usd: 100 } }
  openai: { type: openai, base_url: "${upstream.url}/v1", api_key: k, budget: { monthly_usd: 100 } }
models:
  claude-sonnet-4.6: { provider: anthropic, model: claude-sonnet-4-6 }
  gpt-5.4: { provider: openai, model: gpt-5.4 }
  discounted: { provider: anthropic, model: claude-sonnet-4-6, price: { input: 1.5, output: 7.5, cache_read: 0.15 } }
`);
  anthropic = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
});
beforeEach(() => upstream.reset());

async function latestAudit() {
  const [latest] = (await gateway.gateway.services.audit?.query({ limit: 1 })) ?? [];
  return latest;
}
async function spendOf(provider: string): Promise<number> {
  const limits = (await (await fetch(`${gateway.url}/admin/limits`)).json()) as LimitsView;
  return limits.providers.find((entry) => entry.provider === provider)?.spend.usd ?? Number.NaN;
}

describe('cost from real usage', () => {
  it('a Claude Code–like turn (20k cached prompt) costs 0.012 USD on claude-sonnet-4.6, in the audit and the spend', async () => {
    // Anthropic's input_tokens excludes the cache: 500 fresh + 20,000 read = a 20,500-token prompt.
    upstream.setBehavior({ kind: 'ok', usage: { inputTokens: 500, cachedInputTokens: 20_000, outputTokens: 300 } });
    const before = await spendOf('anthropic');
    await anthropic.messages.create({ model: 'claude-sonnet-4.6', max_tokens: 300, messages: [{ role: 'user', content: 'hi' }] });
    // 500 × $3 + 20,000 × $0.30 + 300 × $15 per million.
    expect(await latestAudit()).toMatchObject({ inputTokens: 20_500, cachedInputTokens: 20_000, outputTokens: 300 });
    expect((await latestAudit())?.costUsd).toBeCloseTo(0.012, 9);
    expect((await spendOf('anthropic')) - before).toBeCloseTo(0.012, 9);
  });

  it('streamed, with cache writes (5-minute and 1-hour) priced apart', async () => {
    upstream.setBehavior({ kind: 'ok', usage: { inputTokens: 100, cacheCreationInputTokens: 20_000, cacheCreation1hInputTokens: 5_000, outputTokens: 200 } });
    const stream = await anthropic.messages.create({ model: 'claude-sonnet-4.6', max_tokens: 300, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    for await (const event of stream) void event;
    // 100 × 3 + 15,000 × 3.75 + 5,000 × 6 + 200 × 15 = 89,550 µUSD.
    expect(await latestAudit()).toMatchObject({ cacheCreationInputTokens: 20_000, cacheCreation1hInputTokens: 5_000 });
    expect((await latestAudit())?.costUsd).toBeCloseTo(0.08955, 9);
  });

  it('OpenAI: cached_tokens at the cached price, reasoning tokens as output', async () => {
    upstream.setBehavior({ kind: 'ok', usage: { inputTokens: 20_500, cachedInputTokens: 20_000, outputTokens: 1000, reasoningTokens: 800 } });
    const before = await spendOf('openai');
    await gateway.openai.chat.completions.create({ model: 'gpt-5.4', messages: [{ role: 'user', content: 'hi' }] });
    // 500 × 2.5 + 20,000 × 0.25 + 1,000 × 15 = 21,250 µUSD.
    expect(await latestAudit()).toMatchObject({ cachedInputTokens: 20_000, reasoningTokens: 800, outputTokens: 1000 });
    expect((await latestAudit())?.costUsd).toBeCloseTo(0.02125, 9);
    expect((await spendOf('openai')) - before).toBeCloseTo(0.02125, 9);
  });

  it("a configured price wins, and keeps the catalog's cache prices it does not set", async () => {
    upstream.setBehavior({ kind: 'ok', usage: { inputTokens: 500, cachedInputTokens: 20_000, cacheCreationInputTokens: 1000, outputTokens: 300 } });
    await anthropic.messages.create({ model: 'discounted', max_tokens: 300, messages: [{ role: 'user', content: 'hi' }] });
    // 500 × 1.5 + 20,000 × 0.15 + 1,000 × 3.75 (catalog's cache_write) + 300 × 7.5 = 9,750 µUSD.
    expect((await latestAudit())?.costUsd).toBeCloseTo(0.00975, 9);
  });
});
