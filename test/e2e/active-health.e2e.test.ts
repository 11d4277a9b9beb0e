import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { hasRedisServer, NO_REDIS_REASON, startRedisServer, type TestRedisServer } from '../support/start-redis-server.ts';
import { findAuditRow } from '../support/find-audit-row.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

type Decision = { router: string; targets: string[]; demoted?: Array<{ target: string; reason: string }> };
type AuditRow = { requestId: string; deployment?: string; decisions: Decision[]; attempts: Array<{ deployment: string; outcome: string; reason?: string }> };
type HealthView = {
  deployments: Array<{ deployment: string; state: string; failureThreshold: number; recoveryMs: number; openedByProbe?: string; window?: { calls: number; failures: number; errorRate: number } }>;
  probes: Array<{ provider: string; ok: boolean | undefined; consecutive_failures: number; probes: number; skipped: number; probed: string; last_error?: string }>;
};

const ask = (test: TestGateway, model: string) => test.openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).withResponse();

describe('active health: error-rate demotion, per-provider breakers, probes', () => {
  let upstream: FakeUpstream;
  let test: TestGateway;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    test = await startTestGateway(`
store: { kind: memory }
defaults: { retries: 0, timeout_ms: 2000 }
circuit_breaker: { failure_threshold: 5, recovery_ms: 30000 }
health: { window_ms: 2000, min_calls: 10, error_rate: 0.25, error_margin: 0.15 }
providers:
  first: { type: openai-compatible, base_url: "${upstream.url}/v1" }
  second: { type: openai-compatible, base_url: "${upstream.url}/v1", circuit_breaker: { failure_threshold: 2 } }
models:
  flaky: { provider: first, model: flaky-model }
  steady: { provider: second, model: steady-model }
  touchy: { provider: second, model: touchy-model, circuit_breaker: { recovery_ms: 500 } }
routers:
  chain: { strategy: failover, targets: [flaky, steady] }
  split: { strategy: weighted, targets: [{ use: flaky, weight: 1000 }, { use: steady, weight: 1 }] }
`);
  });
  afterEach(() => upstream.reset());
  afterAll(async () => {
    await test.close();
    await upstream.close();
  });

  const health = async () => (await (await fetch(`${test.url}/admin/health`)).json()) as HealthView;
  const audit = (requestId: string | null | undefined) => findAuditRow<AuditRow>(test.url, requestId);
  /** `calls` answers of flaky-model with every third one a 503 (never 5 in a row: the breaker stays closed). */
  const flakyFor = (calls: number) => {
    for (let call = 0; call < calls; call++) upstream.enqueue(call % 3 === 2 ? { kind: 'status', status: 503 } : { kind: 'ok' }, { model: 'flaky-model' });
  };

  it('a deployment failing 30 % of its calls moves behind a healthy peer, in failover and weighted plans, and comes back once healed', async () => {
    flakyFor(10);
    // Failover hides the failures from the client; the window sees them (3 of 10: 30 %, over the 25 % line).
    for (let call = 0; call < 10; call++) expect((await ask(test, 'chain')).response.status).toBe(200);
    const window = (await health()).deployments.find((entry) => entry.deployment === 'flaky')!;
    expect(window).toMatchObject({ state: 'closed', window: { calls: 10, failures: 3 } });

    // Now steady goes first: flaky is not called at all for these.
    upstream.reset();
    const { response } = await ask(test, 'chain');
    expect(response.headers.get('x-switchyard-model')).toBe('steady');
    expect(upstream.requests.map((request) => request.model)).toEqual(['steady-model']);
    const row = await audit(response.headers.get('x-switchyard-request-id'));
    expect(row.decisions[0]).toMatchObject({ router: 'chain', targets: ['steady', 'flaky'] });
    expect(row.decisions[0]!.demoted).toEqual([{ target: 'flaky', reason: expect.stringMatching(/^error rate 30 % over the last 2 s \(3 of 10 calls; best peer 0 %\)$/) }]);
    // The weighted split that would send nearly everything to flaky sends it to steady first.
    const weighted = await ask(test, 'split');
    expect(weighted.response.headers.get('x-switchyard-model')).toBe('steady');
    const metrics = await (await fetch(`${test.url}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_deployment_error_rate\{model="flaky"\} 0\.3\b/);

    // Healed: once its failures leave the window it is first again, and stays first.
    await new Promise((resolve) => setTimeout(resolve, 2_300));
    upstream.reset();
    for (let call = 0; call < 3; call++) expect((await ask(test, 'chain')).response.headers.get('x-switchyard-model')).toBe('flaky');
    expect(upstream.requests.map((request) => request.model)).toEqual(['flaky-model', 'flaky-model', 'flaky-model']);
  });

  it('breaker settings per provider and per model: second opens after 2 failures, touchy recovers after 500 ms', async () => {
    upstream.setBehaviorFor('touchy-model', { kind: 'status', status: 500 });
    for (let call = 0; call < 2; call++) await ask(test, 'touchy').catch(() => undefined);
    const view = (await health()).deployments.find((entry) => entry.deployment === 'touchy')!;
    expect(view).toMatchObject({ state: 'open', failureThreshold: 2, recoveryMs: 500 });
    expect((await health()).deployments.find((entry) => entry.deployment === 'flaky')).toMatchObject({ failureThreshold: 5, recoveryMs: 30_000 });
    upstream.setBehaviorFor('touchy-model', { kind: 'ok' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await ask(test, 'touchy')).response.status).toBe(200);
    expect((await health()).deployments.find((entry) => entry.deployment === 'touchy')?.state).toBe('closed');
  });
});

describe('active health: probes find a dead upstream before a client does', () => {
  let good: FakeUpstream;
  let doomed: FakeUpstream;
  let test: TestGateway;
  const lines: string[] = [];

  beforeAll(async () => {
    good = await startFakeUpstream();
    doomed = await startFakeUpstream();
    test = await startTestGateway(
      `
store: { kind: memory }
defaults: { retries: 0, timeout_ms: 2000 }
providers:
  doomed: { type: openai-compatible, base_url: "${doomed.url}/v1", api_key: sk-probe-secret-0123456789, health_check: { interval_ms: 150, timeout_ms: 500, unhealthy_after: 2 } }
  good: { type: openai-compatible, base_url: "${good.url}/v1", health_check: { kind: chat, interval_ms: 150 } }
models:
  primary: { provider: doomed, model: primary-model }
  backup: { provider: good, model: backup-model }
routers:
  chain: { strategy: failover, targets: [primary, backup] }
`,
      { logger: { level: 'info', stream: { write: (line: string) => void lines.push(line) } } },
    );
  });
  afterAll(async () => {
    await test.close();
    await good.close();
    await doomed.close();
  });

  const health = async () => (await (await fetch(`${test.url}/admin/health`)).json()) as HealthView;
  const probeOf = async (provider: string) => (await health()).probes.find((probe) => probe.provider === provider)!;

  it('probes each provider (its model list, or a one-token chat call) with its key, and count them', async () => {
    await expect.poll(async () => (await probeOf('doomed')).probes, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(async () => (await probeOf('good')).probes, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    const listed = doomed.requests.find((request) => request.method === 'GET' && request.path === '/v1/models');
    expect(listed?.headers.authorization).toBe('Bearer sk-probe-secret-0123456789');
    const pinged = good.requests.find((request) => request.path === '/v1/chat/completions');
    expect(pinged?.body).toMatchObject({ model: 'backup-model', max_tokens: 1 });
    expect(await probeOf('doomed')).toMatchObject({ ok: true, consecutive_failures: 0, probed: 'here' });
    const metrics = await (await fetch(`${test.url}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_health_probes_total\{provider="doomed",outcome="ok"\} [1-9]/);
  });

  it('a dead upstream opens its circuits from the probes alone; the client goes straight to the backup; a good probe closes them', async () => {
    const port = doomed.port;
    await doomed.close();
    await expect.poll(async () => (await health()).deployments.find((entry) => entry.deployment === 'primary')?.state, { timeout: 5_000 }).toBe('open');
    const probe = await probeOf('doomed');
    expect(probe.consecutive_failures).toBeGreaterThanOrEqual(2);
    expect(probe.ok).toBe(false);
    expect((await health()).deployments.find((entry) => entry.deployment === 'primary')?.openedByProbe).toMatch(/^health probe: /);
    expect(lines.filter((line) => line.includes("health probe of provider 'doomed' failed 2 times in a row"))).toHaveLength(1);

    // The first client after the outage never waits on the dead upstream.
    const { response } = await test.openai.chat.completions.create({ model: 'chain', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe('backup');
    expect(response.headers.get('x-switchyard-attempts')).toBe('1');
    expect(response.headers.get('x-switchyard-skipped')).toBe('1');

    // Back on the same port: the next probe closes the circuit, the chain uses primary again.
    doomed = await startFakeUpstream({ port });
    await expect.poll(async () => (await health()).deployments.find((entry) => entry.deployment === 'primary')?.state, { timeout: 5_000 }).toBe('closed');
    expect((await test.openai.chat.completions.create({ model: 'chain', messages: [{ role: 'user', content: 'hi' }] }).withResponse()).response.headers.get('x-switchyard-model')).toBe('primary');
    // The key never shows in /admin/health or the logs.
    expect(JSON.stringify(await health())).not.toContain('sk-probe-secret-0123456789');
    expect(lines.join('\n')).not.toContain('sk-probe-secret-0123456789');
  });
});

describe.skipIf(!hasRedisServer)(`active health with two replicas on one Redis: one probes per round${hasRedisServer ? '' : ` (skipped: ${NO_REDIS_REASON})`}`, () => {
  let redis: TestRedisServer;
  let upstream: FakeUpstream;
  const replicas: TestGateway[] = [];

  beforeAll(async () => {
    redis = await startRedisServer({ password: `pw-${randomUUID()}` });
    upstream = await startFakeUpstream();
    const config = `
store: { kind: redis, url: "\${REDIS_URL}", key_prefix: "probes-${randomUUID()}:" }
providers:
  watched: { type: openai-compatible, base_url: "${upstream.url}/v1", health_check: { interval_ms: 200, jitter: 0, unhealthy_after: 1 } }
  spare: { type: mock }
models:
  primary: { provider: watched, model: primary-model }
  backup: { provider: spare, model: backup-model }
routers:
  chain: { strategy: failover, targets: [primary, backup] }
`;
    for (let index = 0; index < 2; index++) replicas.push(await startTestGateway(config, { environment: { REDIS_URL: redis.url } }));
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    await upstream?.close();
    await redis?.close();
  });

  it('the provider is probed about once per interval, not once per replica; a probe failure opens the circuit on both', async () => {
    const probesSeen = () => upstream.requests.filter((request) => request.path === '/v1/models').length;
    await expect.poll(probesSeen, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // Each replica runs a round every 200 ms and probes only when it wins the round's claim: the
    // probes made are about half the rounds run (each round is run by both), not all of them —
    // whatever the load does to the timers.
    const views = await Promise.all(replicas.map(async (replica) => ((await (await fetch(`${replica.url}/admin/health`)).json()) as HealthView).probes[0]!));
    const probes = views.reduce((sum, view) => sum + view.probes, 0);
    const rounds = views.reduce((sum, view) => sum + view.probes + view.skipped, 0);
    expect(rounds).toBeGreaterThanOrEqual(8);
    expect(probes).toBeLessThanOrEqual(Math.ceil(rounds * 0.7));
    expect(views.some((view) => view.skipped > 0)).toBe(true);
    expect(probes).toBe(probesSeen());

    upstream.setBehavior({ kind: 'status', status: 503 });
    for (const replica of replicas) {
      await expect.poll(async () => ((await (await fetch(`${replica.url}/admin/health`)).json()) as HealthView).deployments.find((entry) => entry.deployment === 'primary')?.state, { timeout: 5_000 }).toBe('open');
    }
  });
});
