import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisServer, NO_REDIS_REASON, startRedisServer, type TestRedisServer } from '../../test/support/start-redis-server.ts';
import type { ProviderSettings } from '../config/compiled-config.ts';
import { Secret } from '../config/secret.ts';
import { RedisConnection, type StoreLog } from '../state/redis-connection.ts';
import { RateLimiter } from './rate-limiter.ts';
import type { RateLimits } from './rate-limits.ts';
import { SharedRateLimiter } from './shared-rate-limiter.ts';

const quiet: StoreLog = { warn: () => undefined, info: () => undefined };

function provider(limits: ProviderSettings['limits'], name = 'acct'): ProviderSettings {
  return { name, limits } as ProviderSettings;
}

function connect(server: TestRedisServer, keyPrefix: string, commandTimeoutMs = 1_000): RedisConnection {
  const settings = { kind: 'redis' as const, path: '', url: new Secret(server.url), keyPrefix, commandTimeoutMs, connectTimeoutMs: 2_000, syncMs: 1_000 };
  return new RedisConnection(settings, { log: quiet, now: Date.now });
}

type Clock = { now: number };
type Factory = { name: string; create(clock: Clock): Promise<RateLimits> };

/**
 * The same cases for the in-process window and the Redis script: one behaviour, two places.
 * Time is injected, so the edges of the minute are exact on both.
 */
function conformance(factories: () => Factory[]) {
  const cases: Array<[string, (limiter: RateLimits, clock: Clock) => Promise<void>]> = [
    [
      'refuses the rpm+1-th call of a minute, with the wait until the oldest leaves the window',
      async (limiter, clock) => {
        const account = provider({ rpm: 2 });
        clock.now = 10_000;
        expect(await limiter.admit(account, 10)).toBeUndefined();
        clock.now = 20_500;
        expect(await limiter.admit(account, 10)).toBeUndefined();
        clock.now = 40_000;
        expect(await limiter.admit(account, 10)).toEqual({ reason: 'rate limit (rpm 2)', retryAfterMs: 30_000 });
        clock.now = 69_999;
        expect((await limiter.admit(account, 10))?.retryAfterMs).toBe(1);
        clock.now = 70_000;
        expect(await limiter.admit(account, 10)).toBeUndefined();
        expect(await limiter.usage('acct')).toEqual({ requests: 2, tokens: 20 });
      },
    ],
    [
      'counts estimated tokens at admission and corrects them with the real usage',
      async (limiter, clock) => {
        const account = provider({ tpm: 1_000 });
        clock.now = 0;
        expect(await limiter.admit(account, 600)).toBeUndefined();
        expect((await limiter.admit(account, 600))?.reason).toBe('rate limit (tpm 1000)');
        clock.now = 2_000;
        limiter.correctTokens('acct', 0, 150 - 600);
        await expect.poll(async () => (await limiter.usage('acct')).tokens).toBe(150);
        expect(await limiter.admit(account, 600)).toBeUndefined();
        limiter.correctTokens('acct', 2_000, 900 - 600);
        await expect.poll(async () => (await limiter.usage('acct')).tokens).toBe(1_050);
        expect((await limiter.admit(account, 1))?.retryAfterMs).toBe(58_000);
        // A correction never takes a bucket below zero, and one for a second gone from the window is dropped.
        limiter.correctTokens('acct', 0, -10_000);
        await expect.poll(async () => (await limiter.usage('acct')).tokens).toBe(900);
        clock.now = 61_000;
        limiter.correctTokens('acct', 0, 5_000);
        expect(await limiter.usage('acct')).toEqual({ requests: 1, tokens: 900 });
      },
    ],
    [
      'admits into an empty window even what is larger than the limit',
      async (limiter, clock) => {
        const account = provider({ tpm: 100 });
        clock.now = 5_000;
        expect(await limiter.admit(account, 500)).toBeUndefined();
        clock.now = 6_000;
        expect(await limiter.admit(account, 1)).toEqual({ reason: 'rate limit (tpm 100)', retryAfterMs: 59_000 });
        clock.now = 65_000;
        expect(await limiter.admit(account, 1)).toBeUndefined();
      },
    ],
    [
      'leaves providers without limits alone, and keeps accounts apart',
      async (limiter, clock) => {
        clock.now = 0;
        for (let call = 0; call < 20; call++) expect(await limiter.admit(provider(undefined), 1_000_000)).toBeUndefined();
        expect(await limiter.usage('acct')).toEqual({ requests: 0, tokens: 0 });
        expect(await limiter.admit(provider({ rpm: 1 }, 'one'), 1)).toBeUndefined();
        expect(await limiter.admit(provider({ rpm: 1 }, 'one'), 1)).toMatchObject({ reason: 'rate limit (rpm 1)' });
        expect(await limiter.admit(provider({ rpm: 1 }, 'other'), 1)).toBeUndefined();
      },
    ],
  ];
  for (const factory of factories()) {
    describe(factory.name, () => {
      for (const [title, run] of cases) {
        it(title, async () => {
          const clock = { now: 0 };
          await run(await factory.create(clock), clock);
        });
      }
    });
  }
}

describe.skipIf(!hasRedisServer)(`rate limits, in process and shared through Redis${hasRedisServer ? '' : ` (skipped: ${NO_REDIS_REASON})`}`, () => {
  let server: TestRedisServer;
  const connections: RedisConnection[] = [];
  const open = async (keyPrefix: string) => {
    const connection = connect(server, keyPrefix);
    connections.push(connection);
    await connection.connect();
    return connection;
  };

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const connection of connections) await connection.close();
    await server.close();
  });

  conformance(() => [
    { name: 'RateLimiter (in process)', create: async (clock) => new RateLimiter(() => clock.now) },
    { name: 'SharedRateLimiter (Redis script)', create: async (clock) => new SharedRateLimiter(await open(`t${randomUUID()}:`), () => clock.now) },
  ]);

  it('lets exactly rpm calls through when two replicas admit concurrently', async () => {
    const prefix = `t${randomUUID()}:`;
    const first = new SharedRateLimiter(await open(prefix), () => 1_000_000);
    const second = new SharedRateLimiter(await open(prefix), () => 1_000_000);
    const account = provider({ rpm: 25 });
    const verdicts = await Promise.all(Array.from({ length: 60 }, (_, call) => (call % 2 === 0 ? first : second).admit(account, 1)));
    expect(verdicts.filter((verdict) => verdict === undefined)).toHaveLength(25);
    expect(await first.usage('acct')).toEqual({ requests: 25, tokens: 25 });
  });

  it('keeps its keys under the prefix, and lets the hash expire', async () => {
    const prefix = `t${randomUUID()}:`;
    const connection = await open(prefix);
    await new SharedRateLimiter(connection, Date.now).admit(provider({ rpm: 5 }), 3);
    expect(await connection.client.keys(`${prefix}*`)).toEqual([`${prefix}rate:acct`]);
    const ttl = await connection.client.pttl(`${prefix}rate:acct`);
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(120_000);
  });

  it('falls back to an in-process window when Redis does not answer, and counts the fallback', async () => {
    const connection = connect(server, `t${randomUUID()}:`, 50);
    connections.push(connection);
    await connection.connect();
    const limiter = new SharedRateLimiter(connection, Date.now);
    const account = provider({ rpm: 1 });
    // A script that keeps Redis busy for 500 ms (by its own microsecond clock) makes the admission time out after 50 ms.
    const blocker = connect(server, 'blocker:', 2_000);
    connections.push(blocker);
    await blocker.connect();
    const spin = 'local function micros() local t = redis.call("TIME") return tonumber(t[1]) * 1000000 + tonumber(t[2]) end local stop = micros() + 500000 while micros() < stop do end return 1';
    const busy = blocker.client.eval(spin, 0).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    expect(await limiter.admit(account, 1)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(connection.available).toBe(false);
    // Now local and synchronous: the local window refuses the second call at once.
    expect(limiter.admit(account, 1)).toMatchObject({ reason: 'rate limit (rpm 1)' });
    expect(connection.status()).toMatchObject({ available: false, outages: 1, fallbacks: 2 });
    await busy;
    await expect.poll(() => connection.available, { timeout: 5_000 }).toBe(true);
  });
});
