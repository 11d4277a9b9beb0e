import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { freePort, hasRedisServer, NO_REDIS_REASON, startRedisServer, type TestRedisServer } from '../support/start-redis-server.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/** The Redis password: no log line, error body or admin answer may ever contain it. */
const PASSWORD = `pw-${randomUUID()}`;

type LimitsView = { providers: Array<{ provider: string; rpm: { used: number; limit: number | null }; spend: { usd: number } }> };
type HealthView = { deployments: Array<{ deployment: string; state: string }> };

function configFor(upstream: FakeUpstream, keyPrefix: string, store = `{ kind: redis, url: "\${REDIS_URL}", key_prefix: "${keyPrefix}", sync_ms: 50 }`): string {
  return `
store: ${store}
defaults: { retries: 0, timeout_ms: 2000 }
circuit_breaker: { failure_threshold: 2, recovery_ms: 60000 }
providers:
  capped:  { type: openai-compatible, base_url: "${upstream.url}/v1", limits: { rpm: 5 } }
  metered: { type: openai-compatible, base_url: "${upstream.url}/v1", budget: { monthly_usd: 0.5, alert_at: [0.5] } }
  flaky:   { type: openai-compatible, base_url: "${upstream.url}/v1" }
  spare:   { type: openai-compatible, base_url: "${upstream.url}/v1" }
models:
  a:      { provider: capped, model: a-model }
  pricey: { provider: metered, model: pricey-model, price: { input: 100, output: 100 } }
  shaky:  { provider: flaky, model: shaky-model }
  b:      { provider: spare, model: b-model }
routers:
  only-a:       { strategy: single, target: a }
  budget-chain: { strategy: failover, targets: [pricey, b] }
  shaky-chain:  { strategy: failover, targets: [shaky, b] }
`;
}

const ask = (gateway: TestGateway, model: string) => gateway.openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] }).withResponse();

describe.skipIf(!hasRedisServer)(`store.kind redis: two replicas share one Redis${hasRedisServer ? '' : ` (skipped: ${NO_REDIS_REASON})`}`, () => {
  let redis: TestRedisServer;
  let upstream: FakeUpstream;
  let replicas: TestGateway[] = [];
  /** Everything the gateways said or answered, searched for the password at the end of each test. */
  const seen: string[] = [];

  const start = async (keyPrefix: string, config?: string) => {
    const gateway = await startTestGateway(config ?? configFor(upstream, keyPrefix), {
      environment: { REDIS_URL: redis.url },
      logger: { level: 'info', stream: { write: (line: string) => void seen.push(line) } },
    });
    replicas.push(gateway);
    return gateway;
  };
  const startPair = async () => {
    const prefix = `e2e-${randomUUID()}:`;
    return [await start(prefix), await start(prefix)] as const;
  };
  const getText = async (gateway: TestGateway, path: string) => {
    const text = await (await fetch(`${gateway.url}${path}`)).text();
    seen.push(text);
    return text;
  };
  const getJson = async <T>(gateway: TestGateway, path: string) => JSON.parse(await getText(gateway, path)) as T;
  const logLines = (fragment: string) => seen.filter((line) => line.includes(fragment));

  beforeAll(async () => {
    redis = await startRedisServer({ password: PASSWORD });
    upstream = await startFakeUpstream();
  });
  afterEach(async () => {
    for (const gateway of replicas) {
      for (const path of ['/readyz', '/admin/store', '/admin/config', '/admin/limits', '/admin/health', '/metrics']) await getText(gateway, path);
      await gateway.close();
    }
    replicas = [];
    upstream.reset();
    // (6) The password never shows: not in logs, error bodies, /readyz, /admin/* or /metrics.
    expect(seen.length).toBeGreaterThan(0);
    for (const text of seen.splice(0)) expect(text).not.toContain(PASSWORD);
  });
  afterAll(async () => {
    await upstream.close();
    await redis.close();
  });

  it('(1) enforces one rpm limit across both replicas, refused like a local limit', async () => {
    const [first, second] = await startPair();
    for (const gateway of [first, second, first, second, first]) expect((await ask(gateway, 'only-a')).response.status).toBe(200);
    for (const gateway of [second, first]) {
      const error = await ask(gateway, 'only-a').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      const refused = error as InstanceType<typeof OpenAI.RateLimitError>;
      expect(refused.code).toBe('rate_limited');
      expect(refused.message).toContain('rate limit (rpm 5)');
      expect(Number(refused.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    expect(upstream.requests).toHaveLength(5);
    const limits = await getJson<LimitsView>(second, '/admin/limits');
    expect(limits.providers.find((entry) => entry.provider === 'capped')?.rpm).toEqual({ used: 5, limit: 5 });

    // The refusal body is the same as the one a single in-process gateway gives.
    const local = await start('', configFor(upstream, '', '{ kind: memory }'));
    for (let call = 0; call < 5; call++) await ask(local, 'only-a');
    const body = async (gateway: TestGateway) => {
      const response = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'only-a', messages: [{ role: 'user', content: 'hi' }] }) });
      const text = await response.text();
      seen.push(text);
      return { status: response.status, body: JSON.parse(text) as unknown };
    };
    expect(await body(first)).toEqual(await body(local));
  });

  it('(2) adds up spend from both replicas: the budget refuses on both, and the alert is logged once', async () => {
    const [first, second] = await startPair();
    // 1,000 input tokens at $100 per million: $0.10 a call against a $0.50 budget.
    upstream.setBehavior({ kind: 'ok', usage: { inputTokens: 1000, outputTokens: 0 } });
    for (const gateway of [first, second, first, second, first]) expect((await ask(gateway, 'budget-chain')).response.headers.get('x-switchyard-model')).toBe('pricey');
    for (const gateway of [first, second]) {
      await expect.poll(async () => (await getJson<LimitsView>(gateway, '/admin/limits')).providers.find((entry) => entry.provider === 'metered')?.spend.usd).toBeCloseTo(0.5, 6);
    }
    for (const gateway of [second, first]) {
      const { response } = await ask(gateway, 'budget-chain');
      expect(response.headers.get('x-switchyard-model')).toBe('b');
      const [latest] = (await gateway.gateway.services.audit?.query({ limit: 1 })) ?? [];
      expect(latest?.attempts[0]).toMatchObject({ deployment: 'pricey', outcome: 'skipped', reason: 'budget exhausted (monthly_usd 0.5)' });
    }
    await expect.poll(() => logLines('budget alert').length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(logLines('budget alert')).toHaveLength(1);
  });

  it('(3) opens a circuit on the other replica', async () => {
    const [first, second] = await startPair();
    upstream.setBehaviorFor('shaky-model', { kind: 'status', status: 500 });
    for (let call = 0; call < 2; call++) expect((await ask(first, 'shaky-chain')).response.headers.get('x-switchyard-model')).toBe('b');
    await expect.poll(async () => (await getJson<HealthView>(second, '/admin/health')).deployments.find((entry) => entry.deployment === 'shaky')?.state).toBe('open');
    const shakyCalls = upstream.requests.filter((request) => request.model === 'shaky-model').length;
    const { response } = await ask(second, 'shaky-chain');
    expect(response.headers.get('x-switchyard-model')).toBe('b');
    const [latest] = (await second.gateway.services.audit?.query({ limit: 1 })) ?? [];
    expect(latest?.attempts[0]).toMatchObject({ deployment: 'shaky', outcome: 'skipped', reason: 'circuit open' });
    expect(upstream.requests.filter((request) => request.model === 'shaky-model')).toHaveLength(shakyCalls);
  });

  it('(4) keeps serving while Redis is down, says so once, and shares limits again once it is back', async () => {
    const [first, second] = await startPair();
    expect(await getJson(first, '/readyz')).toMatchObject({ status: 'ready', store: { kind: 'redis', available: true } });
    await redis.kill();
    for (let call = 0; call < 3; call++) {
      for (const gateway of [first, second]) expect((await ask(gateway, 'only-a')).response.status).toBe(200);
    }
    // Each replica now counts on its own: 3 + 3 calls passed a limit of 5.
    expect(upstream.requests).toHaveLength(6);
    const readyz = await fetch(`${first.url}/readyz`);
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toMatchObject({ status: 'ready', store: { kind: 'redis', available: false } });
    expect(await getJson(first, '/admin/store')).toMatchObject({ kind: 'redis', available: false, outages: 1, target: `redis://127.0.0.1:${redis.port}` });
    const metrics = await getText(first, '/metrics');
    expect(metrics).toContain('switchyard_store_available{kind="redis"} 0');
    expect(metrics).toContain('switchyard_store_outages_total{kind="redis"} 1');
    expect(metrics).toMatch(/switchyard_store_fallback_admissions_total\{kind="redis"\} [1-9]/);
    expect(logLines('redis store unavailable')).toHaveLength(2); // one per replica, not one per request

    await redis.restart();
    for (const gateway of [first, second]) {
      await expect.poll(async () => (await getJson<{ store: { available: boolean } }>(gateway, '/readyz')).store.available, { timeout: 15_000 }).toBe(true);
    }
    expect(logLines('redis store available again')).toHaveLength(2);
    upstream.reset();
    for (const gateway of [first, second, first, second, first]) expect((await ask(gateway, 'only-a')).response.status).toBe(200);
    const error = await ask(second, 'only-a').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(upstream.requests).toHaveLength(5);
  });

  it('(5) starts on local state when Redis is unreachable, without showing the URL, and connects once it is there', async () => {
    const port = await freePort();
    const gateway = await start('', configFor(upstream, 'x:', `{ kind: redis, url: "redis://:${PASSWORD}@127.0.0.1:${port}/0", connect_timeout_ms: 200 }`));
    expect((await ask(gateway, 'only-a')).response.status).toBe(200);
    expect(await getJson(gateway, '/admin/store')).toMatchObject({ available: false, target: `redis://127.0.0.1:${port}/0` });
    expect(logLines('redis store unavailable')).toHaveLength(1);

    const late = await startRedisServer({ password: PASSWORD, port });
    try {
      await expect.poll(async () => (await getJson<{ available: boolean }>(gateway, '/admin/store')).available, { timeout: 15_000 }).toBe(true);
      for (let call = 0; call < 5; call++) await ask(gateway, 'only-a');
      await expect(ask(gateway, 'only-a')).rejects.toBeInstanceOf(OpenAI.RateLimitError);
      const keys = await fetch(`${gateway.url}/admin/limits`).then((response) => response.text());
      seen.push(keys);
      expect(JSON.parse(keys)).toMatchObject({ providers: expect.arrayContaining([expect.objectContaining({ provider: 'capped', rpm: { used: 5, limit: 5 } })]) });
    } finally {
      await gateway.close();
      replicas = replicas.filter((replica) => replica !== gateway);
      await late.close();
    }
  });

  it('(6) says why it cannot use a Redis that refuses its password, without the password', async () => {
    const wrong = redis.url.replace(PASSWORD, `not-${PASSWORD}`);
    const gateway = await start('', configFor(upstream, 'y:', `{ kind: redis, url: "${wrong}" }`));
    expect((await ask(gateway, 'only-a')).response.status).toBe(200);
    const status = await getJson<{ available: boolean; last_error: string }>(gateway, '/admin/store');
    expect(status.available).toBe(false);
    expect(status.last_error).toMatch(/WRONGPASS|invalid password/i);
    expect(logLines('redis store unavailable')).toHaveLength(1);
  });

  it('(7) keeps the store it started with when a reload changes it, and says so', async () => {
    const [first] = await startPair();
    const text = await readFile(first.configFile, 'utf8');
    await writeFile(first.configFile, text.replace(/key_prefix: "[^"]+"/, 'key_prefix: "elsewhere:"'));
    const reload = await fetch(`${first.url}/admin/reload`, { method: 'POST' });
    expect(reload.status).toBe(200);
    expect(logLines('settings changed that apply after a restart: store;')).toHaveLength(1);
    expect((await ask(first, 'only-a')).response.status).toBe(200);
    const limits = await getJson<LimitsView>(first, '/admin/limits');
    expect(limits.providers.find((entry) => entry.provider === 'capped')?.rpm.used).toBe(1);
  });
});
