import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * Issue 17: settling limits and spend is enforcement, not bookkeeping. A broken settle is an error
 * in the log and a counted metric, never a silent warning; a broken audit cannot skip the settle.
 */
let upstream: FakeUpstream;
let gateway: TestGateway;
const logLines: string[] = [];

beforeAll(async () => {
  upstream = await startFakeUpstream({ behavior: { kind: 'ok', usage: { inputTokens: 1000, outputTokens: 0 } } });
  gateway = await startTestGateway(
    `
store: { kind: memory }
providers:
  metered: { type: openai-compatible, base_url: "${upstream.url}/v1", budget: { monthly_usd: 10 } }
models:
  priced: { provider: metered, model: m, price: { input: 100, output: 0 } }
`,
    { logger: { level: 'info', stream: { write: (line: string) => void logLines.push(line) } } },
  );
});
afterAll(async () => {
  vi.restoreAllMocks();
  await gateway.close();
  await upstream.close();
});

async function spend(): Promise<number> {
  const limits = (await (await fetch(`${gateway.url}/admin/limits`)).json()) as { providers: Array<{ provider: string; spend: { usd: number } }> };
  return limits.providers.find((entry) => entry.provider === 'metered')?.spend.usd ?? Number.NaN;
}
async function settleFailures(): Promise<number> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const line = text.split('\n').find((entry) => entry.startsWith('switchyard_settle_failures_total'));
  return Number(line?.split(' ')[1]);
}
const ask = () => gateway.openai.chat.completions.create({ model: 'priced', messages: [{ role: 'user', content: 'hi' }] });

describe('settling limits and spend', () => {
  it('a broken audit log does not skip the settle: the spend still counts the call', async () => {
    const audit = gateway.gateway.services.audit!;
    const append = vi.spyOn(audit, 'append').mockImplementation(() => {
      throw new Error('audit disk full');
    });
    const before = await spend();
    await ask();
    // 1,000 input tokens at $100 per million.
    expect((await spend()) - before).toBeCloseTo(0.1, 9);
    append.mockRestore();
  });

  it('a broken settle is logged as an error with its stack and counted in /metrics; the client still gets its answer', async () => {
    const limits = gateway.gateway.services.limits!;
    const settle = vi.spyOn(limits, 'settle').mockImplementation(() => {
      throw new TypeError('spend ledger exploded');
    });
    expect(await settleFailures()).toBe(0);
    const answer = await ask();
    expect(answer.choices[0]?.message.content).toContain('hi');
    expect(await settleFailures()).toBe(1);
    const logged = logLines.map((line) => JSON.parse(line) as { level: number; msg: string; err?: { message: string; stack: string } }).find((line) => line.msg.startsWith('limits and spend not settled'));
    expect(logged).toMatchObject({ level: 50, err: { message: 'spend ledger exploded' } });
    expect(logged?.err?.stack).toContain('TypeError');
    settle.mockRestore();
  });
});
