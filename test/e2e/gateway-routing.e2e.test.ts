import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/** A seeded generator (mulberry32), so the weighted split is deterministic. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function configFor(upstream: FakeUpstream, answerModel = 'a-model'): string {
  return `
defaults: { timeout_ms: 2000 }
circuit_breaker: { failure_threshold: 3, recovery_ms: 10000 }
providers: { up: { type: openai-compatible, base_url: "${upstream.url}/v1" } }
models:
  a: { provider: up, model: ${answerModel} }
  b: { provider: up, model: b-model }
routers:
  split: { strategy: weighted, failover: false, targets: [{ use: a, weight: 80 }, { use: b, weight: 20 }] }
  only-a: { strategy: single, target: a }
`;
}

describe('weighted split, circuit breaker and hot reload', () => {
  let upstream: FakeUpstream;
  let test: TestGateway;
  let clock = 1_000_000;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    test = await startTestGateway(configFor(upstream), { random: seededRandom(42), now: () => clock });
  });
  afterAll(async () => {
    await test.close();
    await upstream.close();
  });

  it('splits traffic by weight, within tolerance', async () => {
    const counts: Record<string, number> = { a: 0, b: 0 };
    for (let call = 0; call < 400; call++) {
      const { response } = await test.openai.chat.completions.create({ model: 'split', messages: [{ role: 'user', content: 'x' }] }).withResponse();
      counts[response.headers.get('x-switchyard-model')!]!++;
    }
    expect(counts.a! / 400).toBeGreaterThan(0.74);
    expect(counts.a! / 400).toBeLessThan(0.86);
    expect(counts.a! + counts.b!).toBe(400);
  });

  it('opens the circuit after consecutive failures, then closes it after a good trial', async () => {
    upstream.setBehaviorFor('a-model', { kind: 'status', status: 500 });
    const call = () => test.openai.chat.completions.create({ model: 'only-a', messages: [{ role: 'user', content: 'x' }] }).catch((error: { status: number }) => error);
    for (let failure = 0; failure < 3; failure++) expect(((await call()) as { status: number }).status).toBe(502);
    const before = upstream.requests.length;
    const rejected = (await call()) as { status: number; code: string };
    expect(rejected.status).toBe(503);
    expect(rejected.code).toBe('all_circuits_open');
    expect(upstream.requests.length).toBe(before);

    const admin = (await (await fetch(`${test.url}/admin/health`)).json()) as { deployments: Array<{ deployment: string; state: string }> };
    expect(admin.deployments.find((entry) => entry.deployment === 'a')?.state).toBe('open');

    upstream.setBehaviorFor('a-model', { kind: 'ok' });
    clock += 10_001;
    const recovered = await test.openai.chat.completions.create({ model: 'only-a', messages: [{ role: 'user', content: 'x' }] });
    expect(recovered.choices[0]?.message.content).toBe('echo: x');
    const after = (await (await fetch(`${test.url}/admin/health`)).json()) as { deployments: Array<{ deployment: string; state: string }> };
    expect(after.deployments.find((entry) => entry.deployment === 'a')?.state).toBe('closed');
  });

  it('swaps to a valid new config on reload, and keeps the old one when the new one is invalid', async () => {
    await writeFile(test.configFile, configFor(upstream, 'a-model-v2'));
    expect(await test.gateway.reload()).toMatchObject({ ok: true });
    await test.openai.chat.completions.create({ model: 'only-a', messages: [{ role: 'user', content: 'x' }] });
    expect(upstream.requests.at(-1)?.model).toBe('a-model-v2');

    await writeFile(test.configFile, `${configFor(upstream, 'a-model-v3')}\n  broken: { strategy: failover, targets: [nowhere] }\n`);
    const outcome = await test.gateway.reload();
    expect(outcome).toMatchObject({ ok: false });
    expect(outcome.ok ? '' : outcome.error).toMatch(/routers\.broken\.targets\[0\]: unknown model or router 'nowhere'/);
    await test.openai.chat.completions.create({ model: 'only-a', messages: [{ role: 'user', content: 'x' }] });
    expect(upstream.requests.at(-1)?.model).toBe('a-model-v2');
  });

  it('reloads by itself when the watched file changes', async () => {
    const watched = await startTestGateway(configFor(upstream, 'watched-v1'), { watch: true });
    try {
      await writeFile(watched.configFile, configFor(upstream, 'watched-v2'));
      await expect
        .poll(async () => {
          await watched.openai.chat.completions.create({ model: 'only-a', messages: [{ role: 'user', content: 'x' }] });
          return upstream.requests.at(-1)?.model;
        }, { timeout: 5000, interval: 100 })
        .toBe('watched-v2');
    } finally {
      await watched.close();
    }
  });
});
