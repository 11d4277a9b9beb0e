import { appendFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

// The seeds' composite: a smart router over two failover chains, each across two regions (one fake
// upstream per region). The catalog knows the provider ids: the pair the presets are calibrated on.
function configFor(eu: FakeUpstream, us: FakeUpstream): string {
  return `
store: { kind: memory }
scorer: { pool_size: 1, timeout_ms: 2000 }
circuit_breaker: { failure_threshold: 1, recovery_ms: 60000 }
providers:
  eu: { type: openai-compatible, base_url: "${eu.url}/v1" }
  us: { type: openai-compatible, base_url: "${us.url}/v1" }
models:
  strong-eu: { provider: eu, model: gpt-4-1106-preview }
  strong-us: { provider: us, model: gpt-4-1106-preview }
  weak-eu:   { provider: eu, model: Mixtral-8x7B-Instruct-v0.1 }
  weak-us:   { provider: us, model: Mixtral-8x7B-Instruct-v0.1 }
routers:
  strong-chain: { strategy: failover, targets: [strong-eu, strong-us] }
  weak-chain:   { strategy: failover, targets: [weak-eu, weak-us] }
  smart:        { strategy: smart, axis: balanced, candidates: [weak-chain, strong-chain] }
`;
}

const easyPrompt = 'Say hello.';
const hardPrompt =
  'Prove that there are infinitely many primes p with p ≡ 3 (mod 4). Give a complete, rigorous argument, justify every step, and explain where the analogous argument for p ≡ 1 (mod 4) breaks down.';

type Decision = { router: string; strategy: string; targets: string[]; detail?: Record<string, unknown> };
type Audited = { requestId: string; routerPath: string[]; decisions: Decision[]; attempts: Array<{ deployment: string; outcome: string; status?: number; reason?: string }>; deployment?: string };

describe('smart routing over failover routers, end to end', () => {
  let eu: FakeUpstream;
  let us: FakeUpstream;
  let test: TestGateway;

  beforeAll(async () => {
    [eu, us] = await Promise.all([startFakeUpstream(), startFakeUpstream()]);
    test = await startTestGateway(configFor(eu, us));
  });
  afterAll(async () => {
    await test.close();
    await Promise.all([eu.close(), us.close()]);
  });
  beforeEach(() => {
    eu.reset();
    us.reset();
  });

  const ask = (content: string) => test.openai.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content }] }).withResponse();
  const audited = async (requestId: string): Promise<Audited> => {
    const { decisions } = (await (await fetch(`${test.url}/admin/decisions?limit=50`)).json()) as { decisions: Audited[] };
    return decisions.find((record) => record.requestId === requestId)!;
  };

  it('picks a chain by the model it would try first, then the chain runs: easy to the weak chain, hard to the strong one', async () => {
    const easy = await ask(easyPrompt);
    const hard = await ask(hardPrompt);
    expect(easy.response.headers.get('x-switchyard-model')).toBe('weak-eu');
    expect(hard.response.headers.get('x-switchyard-model')).toBe('strong-eu');
    expect(hard.response.headers.get('x-switchyard-router')).toBe('smart');
    expect(eu.requests.map((request) => request.model)).toEqual(['Mixtral-8x7B-Instruct-v0.1', 'gpt-4-1106-preview']);
    expect(us.requests).toHaveLength(0);

    // The audit shows both levels: the smart decision (scored via strong-eu) and the chain's.
    const record = await audited(hard.response.headers.get('x-switchyard-request-id')!);
    expect(record.routerPath).toEqual(['smart', 'strong-chain']);
    expect(record.decisions.map((decision) => [decision.router, decision.strategy, decision.targets])).toEqual([
      ['smart', 'smart', ['strong-chain', 'weak-chain']],
      ['strong-chain', 'failover', ['strong-eu', 'strong-us']],
    ]);
    expect(record.decisions[0]!.detail).toMatchObject({ chosen: 'strong-chain', via: { 'strong-chain': 'strong-eu', 'weak-chain': 'weak-eu' }, pair: { strong: 'strong-chain', weak: 'weak-chain' } });
  });

  it('fails over inside the chosen chain (eu down: the strong chain goes to us, never to the weak chain), then scores the chain by what it tries first', async () => {
    eu.setBehavior({ kind: 'status', status: 500 });
    const hard = await ask(hardPrompt);
    expect(hard.response.status).toBe(200);
    expect(hard.response.headers.get('x-switchyard-model')).toBe('strong-us');
    expect(hard.response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(eu.requests.map((request) => request.model)).toEqual(['gpt-4-1106-preview']);
    expect(us.requests.map((request) => request.model)).toEqual(['gpt-4-1106-preview']);
    const record = await audited(hard.response.headers.get('x-switchyard-request-id')!);
    expect(record.attempts.map((attempt) => [attempt.deployment, attempt.outcome])).toEqual([['strong-eu', 'failed'], ['strong-us', 'success']]);
    expect(record.routerPath).toEqual(['smart', 'strong-chain']);

    // strong-eu's circuit is open now (threshold 1): the chain is scored by strong-us, and eu is not called for it again.
    const again = await ask(hardPrompt);
    expect(again.response.headers.get('x-switchyard-model')).toBe('strong-us');
    const next = await audited(again.response.headers.get('x-switchyard-request-id')!);
    expect(next.decisions[0]!.detail).toMatchObject({ chosen: 'strong-chain', via: { 'strong-chain': 'strong-us' } });
    expect(eu.requests).toHaveLength(1);
  });

  it('keeps the share window across a config reload: the cut live traffic taught survives the edit', async () => {
    const first = await ask(easyPrompt);
    const seen = ((await audited(first.response.headers.get('x-switchyard-request-id')!)).decisions[0]!.detail!.window as { live: number }).live;
    await appendFile(test.configFile, '# an edit that changes nothing the smart router depends on\n');
    expect(await test.gateway.reload()).toMatchObject({ ok: true });
    const after = await ask(easyPrompt);
    const record = await audited(after.response.headers.get('x-switchyard-request-id')!);
    expect(record.decisions[0]!.detail!.window).toMatchObject({ live: seen + 1 });
  });
});
