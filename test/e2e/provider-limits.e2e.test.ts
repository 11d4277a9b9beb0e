import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

type LimitsView = { month: string; providers: Array<{ provider: string; rpm: { used: number; limit: number | null }; spend: { usd: number; fraction: number | null } }> };

function configFor(first: FakeUpstream, second: FakeUpstream): string {
  return `
defaults: { retries: 0, timeout_ms: 2000 }
providers:
  capped:  { type: openai-compatible, base_url: "${first.url}/v1", limits: { rpm: 2, tpm: 100000 } }
  spare:   { type: openai-compatible, base_url: "${second.url}/v1" }
  lonely:  { type: openai-compatible, base_url: "${first.url}/v1", limits: { rpm: 1 } }
  metered: { type: openai-compatible, base_url: "${first.url}/v1", budget: { monthly_usd: 0.25, alert_at: [0.5] } }
  watched: { type: openai-compatible, base_url: "${first.url}/v1", budget: { monthly_usd: 1 } }
models:
  a:       { provider: capped, model: a-model }
  b:       { provider: spare, model: b-model }
  solo:    { provider: lonely, model: solo-model }
  pricey:  { provider: metered, model: pricey-model, price: { input: 100, output: 100 } }
  tracked: { provider: watched, model: tracked-model, price: { input: 100, output: 100 } }
routers:
  chain:        { strategy: failover, targets: [a, b] }
  only-solo:    { strategy: single, target: solo }
  budget-chain: { strategy: failover, targets: [pricey, b] }
  thrifty:
    strategy: rules
    rules:
      - { name: over-budget, if: "monthly_spend_pct > 0.8", use: b }
    default: tracked
`;
}

const ask = (gateway: TestGateway, model: string) =>
  gateway.openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] }).withResponse();

describe('provider rate limits and budgets, through the official openai client', () => {
  let first: FakeUpstream;
  let second: FakeUpstream;
  let test: TestGateway;

  beforeAll(async () => {
    first = await startFakeUpstream();
    second = await startFakeUpstream();
  });
  afterEach(async () => {
    await test.close();
    first.reset();
    second.reset();
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it('fails over to the next provider once one is at its rpm, with the skip in the audit', async () => {
    test = await startTestGateway(configFor(first, second));
    expect((await ask(test, 'chain')).response.headers.get('x-switchyard-provider')).toBe('capped');
    expect((await ask(test, 'chain')).response.headers.get('x-switchyard-provider')).toBe('capped');
    const { response } = await ask(test, 'chain');
    expect(response.headers.get('x-switchyard-provider')).toBe('spare');
    expect(response.headers.get('x-switchyard-attempts')).toBe('1'); // skipped steps are not calls
    expect(second.requests).toHaveLength(1);

    const [latest] = (await test.gateway.services.audit?.query({ limit: 1 })) ?? [];
    expect(latest?.attempts.map((attempt) => [attempt.deployment, attempt.outcome, attempt.reason])).toEqual([
      ['a', 'skipped', 'rate limit (rpm 2)'],
      ['b', 'success', undefined],
    ]);
    const limits = (await (await fetch(`${test.url}/admin/limits`)).json()) as LimitsView;
    expect(limits.providers.find((entry) => entry.provider === 'capped')?.rpm).toEqual({ used: 2, limit: 2 });
  });

  it('answers 429 rate_limited with Retry-After when the only target is over its limit', async () => {
    test = await startTestGateway(configFor(first, second));
    await ask(test, 'only-solo');
    const error = await ask(test, 'only-solo').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimited = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimited.code).toBe('rate_limited');
    expect(rateLimited.message).toContain('rate limit (rpm 1)');
    const retryAfter = Number(rateLimited.headers?.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(first.requests).toHaveLength(1);
  });

  it('skips a provider whose monthly budget is spent, streamed usage included', async () => {
    test = await startTestGateway(configFor(first, second));
    // 1,000 input tokens at $100 per million: $0.10 a call against a $0.25 budget.
    first.setBehavior({ kind: 'ok', usage: { inputTokens: 1000, outputTokens: 0 } });
    expect((await ask(test, 'budget-chain')).response.headers.get('x-switchyard-model')).toBe('pricey');
    const stream = await test.openai.chat.completions.create({ model: 'budget-chain', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] });
    for await (const chunk of stream) void chunk;
    expect((await ask(test, 'budget-chain')).response.headers.get('x-switchyard-model')).toBe('pricey');

    const { response } = await ask(test, 'budget-chain');
    expect(response.headers.get('x-switchyard-model')).toBe('b');
    const [latest] = (await test.gateway.services.audit?.query({ limit: 1 })) ?? [];
    expect(latest?.attempts[0]).toMatchObject({ deployment: 'pricey', outcome: 'skipped', reason: 'budget exhausted (monthly_usd 0.25)' });
    const limits = (await (await fetch(`${test.url}/admin/limits`)).json()) as LimitsView;
    const metered = limits.providers.find((entry) => entry.provider === 'metered');
    expect(metered?.spend.usd).toBeCloseTo(0.3, 6);
    expect(metered?.spend.fraction).toBeCloseTo(1.2, 6);
  });

  it('switches route by monthly_spend_pct once spend crosses 80 %', async () => {
    test = await startTestGateway(configFor(first, second));
    // $0.30 a call against a $1 budget: 30 %, 60 %, 90 %.
    first.setBehavior({ kind: 'ok', usage: { inputTokens: 3000, outputTokens: 0 } });
    const served: Array<string | null> = [];
    for (let call = 0; call < 4; call++) served.push((await ask(test, 'thrifty')).response.headers.get('x-switchyard-model'));
    expect(served).toEqual(['tracked', 'tracked', 'tracked', 'b']);
  });
});
