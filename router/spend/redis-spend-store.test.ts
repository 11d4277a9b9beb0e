import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisServer, NO_REDIS_REASON, startRedisServer, type TestRedisServer } from '../../test/support/start-redis-server.ts';
import type { ProviderSettings } from '../config/compiled-config.ts';
import { Secret } from '../config/secret.ts';
import { ProviderLimits } from '../limits/provider-limits.ts';
import type { BudgetAlert } from '././spend-ledger.ts';
import { RedisConnection, type StoreLog } from '../state/redis-connection.ts';
import { RedisSpendStore } from './redis-spend-store.ts';

const NOVEMBER = Date.UTC(2026, 10, 20);
const quiet: StoreLog = { warn: () => undefined, info: () => undefined };

function account(name: string, monthlyUsd: number, alertAt = [0.5, 0.8]): ProviderSettings {
  return { name, budget: { monthlyUsd, alertAt } } as ProviderSettings;
}

describe.skipIf(!hasRedisServer)(`RedisSpendStore${hasRedisServer ? '' : ` (skipped: ${NO_REDIS_REASON})`}`, () => {
  let server: TestRedisServer;
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await server.close();
  });

  /** One replica's limits service on its own connection, all replicas on one prefix. */
  async function replica(prefix: string, providers: ProviderSettings[], alerts: BudgetAlert[]) {
    const settings = { kind: 'redis' as const, path: '', url: new Secret(server.url), keyPrefix: prefix, commandTimeoutMs: 1_000, connectTimeoutMs: 2_000, syncMs: 60_000 };
    const connection = new RedisConnection(settings, { log: quiet, now: () => NOVEMBER });
    await connection.connect();
    const store = new RedisSpendStore(connection);
    const onAlert = (alert: BudgetAlert) => void store.claimAlert(alert).then((mine) => mine && alerts.push(alert));
    const limits = new ProviderLimits({ timeZone: 'UTC', now: () => NOVEMBER, providers: () => providers, store, onAlert });
    closers.push(async () => {
      await limits.close();
      await connection.close();
    });
    return { connection, store, limits };
  }

  it("adds up every replica's spend, refuses for the month once the sum reaches the budget, and alerts once", async () => {
    const prefix = `t${randomUUID()}:`;
    const openai = account('openai', 10);
    const alerts: BudgetAlert[] = [];
    const first = await replica(prefix, [openai], alerts);
    const second = await replica(prefix, [openai], alerts);

    first.limits.spend.record(openai, 3);
    second.limits.spend.record(openai, 3);
    expect(first.limits.spend.spentUsd('openai')).toBe(3); // not pushed yet: each sees its own
    await first.store.sync();
    await second.store.sync();
    await first.store.sync();
    expect(first.limits.spend.spentUsd('openai')).toBe(6);
    expect(second.limits.spend.spentUsd('openai')).toBe(6);
    expect(await first.connection.client.hget(`${prefix}spend:2026-11`, 'openai')).toBe('6');
    // 50 % was crossed on both replicas' views; one alert in all.
    await expect.poll(() => alerts.map((alert) => alert.threshold)).toEqual([0.5]);

    second.limits.spend.record(openai, 4.5);
    await second.store.sync();
    await first.store.sync();
    expect(first.limits.spend.refusal(openai)).toMatchObject({ reason: 'budget exhausted (monthly_usd 10)' });
    expect(second.limits.spend.refusal(openai)).toMatchObject({ reason: 'budget exhausted (monthly_usd 10)' });
    await expect.poll(() => alerts.map((alert) => alert.threshold)).toEqual([0.5, 0.8]);
    const ttl = await first.connection.client.ttl(`${prefix}spend:2026-11`);
    expect(ttl).toBeGreaterThan(90 * 86_400);
  });

  it('pushes, by the time sync() resolves, what was added while another push was in flight', async () => {
    const prefix = `t${randomUUID()}:`;
    const openai = account('openai', 100);
    const first = await replica(prefix, [openai], []);
    first.limits.spend.record(openai, 1);
    const inFlight = first.store.sync();
    first.limits.spend.record(openai, 2); // after the in-flight push took its batch
    await first.store.sync();
    expect(await first.connection.client.hget(`${prefix}spend:2026-11`, 'openai')).toBe('3');
    await inFlight;
  });

  it('keeps the month when Redis loses its data: the next push seeds it with what this replica knew', async () => {
    const prefix = `t${randomUUID()}:`;
    const openai = account('openai', 100);
    const first = await replica(prefix, [openai], []);
    first.limits.spend.record(openai, 7);
    await first.store.sync();
    await first.connection.client.del(`${prefix}spend:2026-11`);
    first.limits.spend.record(openai, 1);
    await first.store.sync();
    expect(await first.connection.client.hget(`${prefix}spend:2026-11`, 'openai')).toBe('8');
    expect(first.limits.spend.spentUsd('openai')).toBe(8);
  });

  it('keeps unpushed spend while Redis is away and pushes it once it is back', async () => {
    const prefix = `t${randomUUID()}:`;
    const openai = account('openai', 100);
    const first = await replica(prefix, [openai], []);
    first.connection.failed(new Error('pretend outage'));
    first.limits.spend.record(openai, 2);
    await first.store.sync();
    expect(await first.connection.client.hget(`${prefix}spend:2026-11`, 'openai')).toBeNull();
    expect(first.limits.spend.spentUsd('openai')).toBe(2);
    await expect.poll(() => first.connection.available, { timeout: 5_000 }).toBe(true);
    await expect.poll(async () => first.connection.client.hget(`${prefix}spend:2026-11`, 'openai')).toBe('2');
  });
});
