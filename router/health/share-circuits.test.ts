import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, hasRedisServer, NO_REDIS_REASON, startRedisServer, type TestRedisServer } from '../../test/support/start-redis-server.ts';
import { Secret } from '../config/secret.ts';
import { HealthRegistry } from './health-registry.ts';
import { RedisConnection, type StoreLog } from '../state/redis-connection.ts';
import { shareCircuits } from './share-circuits.ts';

const quiet: StoreLog = { warn: () => undefined, info: () => undefined };
const SETTINGS = { failureThreshold: 2, recoveryMs: 10_000 };

describe.skipIf(!hasRedisServer)(`shareCircuits${hasRedisServer ? '' : ` (skipped: ${NO_REDIS_REASON})`}`, () => {
  let server: TestRedisServer;
  const closers: Array<() => Promise<void>> = [];
  let now = 1_000_000;

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await server.close();
  });

  async function replica(prefix: string, url = server.url) {
    const settings = { kind: 'redis' as const, path: '', url: new Secret(url), keyPrefix: prefix, commandTimeoutMs: 1_000, connectTimeoutMs: 2_000, syncMs: 1_000 };
    const connection = new RedisConnection(settings, { log: quiet, now: () => now });
    await connection.connect();
    const health = new HealthRegistry(SETTINGS, () => now);
    const shared = await shareCircuits(health, connection, { now: () => now, recoveryMs: () => SETTINGS.recoveryMs });
    closers.push(async () => {
      await shared.close();
      await connection.close();
    });
    return health;
  }

  it('opens the circuit on the other replica, keeps its recovery time, and closes it there after a good trial', async () => {
    const prefix = `t${randomUUID()}:`;
    const first = await replica(prefix);
    const second = await replica(prefix);
    first.recordFailure('gpt', 'HTTP 500');
    first.recordFailure('gpt', 'HTTP 500');
    await expect.poll(() => second.isAvailable('gpt')).toBe(false);
    expect(second.snapshot()[0]).toMatchObject({ deployment: 'gpt', state: 'open', lastError: 'HTTP 500', retryAt: now + SETTINGS.recoveryMs });

    now += SETTINGS.recoveryMs;
    expect(second.acquire('gpt')).toBe(true);
    second.recordSuccess('gpt', 40);
    await expect.poll(() => first.snapshot()[0]?.state).toBe('closed');
  });

  it('tells a replica that starts later which circuits are open, not those past their recovery window', async () => {
    const prefix = `t${randomUUID()}:`;
    const first = await replica(prefix);
    first.recordFailure('old', 'timeout');
    first.recordFailure('old', 'timeout');
    now += SETTINGS.recoveryMs + 1;
    first.recordFailure('fresh', 'HTTP 503');
    first.recordFailure('fresh', 'HTTP 503');
    // The opening is written in the background: wait until Redis has it (a fixed pause flaked under load).
    const probe = new RedisConnection({ kind: 'redis', path: '', url: new Secret(server.url), keyPrefix: prefix, commandTimeoutMs: 1_000, connectTimeoutMs: 2_000, syncMs: 1_000 }, { log: quiet, now: () => now });
    await probe.connect();
    closers.push(() => probe.close());
    await expect.poll(() => probe.client.hexists(`${prefix}circuits`, 'fresh')).toBe(1);
    const late = await replica(prefix);
    expect(late.isAvailable('fresh')).toBe(false);
    expect(late.isAvailable('old')).toBe(true);
  });

  it('starts listening once a Redis that was not there at start comes up', async () => {
    const port = await freePort();
    const prefix = `t${randomUUID()}:`;
    const early = await replica(prefix, `redis://127.0.0.1:${port}`);
    const late = await startRedisServer({ port });
    closers.push(() => late.close());
    const other = await replica(prefix, late.url);
    // The early replica may still be between reconnect attempts: retry the opening until it hears.
    let failures = 0;
    await expect
      .poll(
        () => {
          other.recordSuccess('gpt', 1);
          other.recordFailure('gpt', `HTTP 500 #${failures++}`);
          other.recordFailure('gpt', `HTTP 500 #${failures++}`);
          now += 1;
          return early.isAvailable('gpt');
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBe(false);
  });

  it('ignores its own messages and other prefixes', async () => {
    const first = await replica(`t${randomUUID()}:`);
    const elsewhere = await replica(`t${randomUUID()}:`);
    first.recordFailure('gpt', 'HTTP 500');
    first.recordFailure('gpt', 'HTTP 500');
    const failures = first.snapshot()[0]?.failures;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(first.snapshot()[0]?.failures).toBe(failures);
    expect(elsewhere.isAvailable('gpt')).toBe(true);
  });
});
