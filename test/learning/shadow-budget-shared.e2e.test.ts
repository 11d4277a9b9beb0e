import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { hasPostgresServer, NO_POSTGRES_REASON, startPostgresServer, type TestPostgresServer } from '../support/start-postgres-server.ts';
import { hasRedisServer, NO_REDIS_REASON, startRedisServer, type TestRedisServer } from '../support/start-redis-server.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { startFakeJudge, type FakeJudge } from './fake-judge-upstream.ts';
import { shadowProvidersAndModels } from './shadow-providers-and-models.ts';

// A run reserves about 0.034 USD here and spends about 0.031 (the strong answer is 1,000 tokens):
// two runs fit in 0.08 — on one replica, or, with a shared store, on all of them together.
const configFor = (store: string, upstream: FakeUpstream, judge: FakeJudge) => `
store: ${store}
scorer: { pool_size: 1, timeout_ms: 2000 }
defaults: { retries: 0 }
${shadowProvidersAndModels(upstream, judge)}
routers:
  smart:
    strategy: smart
    candidates: [weak, strong]
    shadow: { fraction: 1, judge: judge, daily_budget_usd: 0.08, concurrency: 4 }
`;

const stores = [
  {
    kind: 'redis',
    skip: hasRedisServer ? undefined : NO_REDIS_REASON,
    async start() {
      const redis: TestRedisServer = await startRedisServer();
      return { store: `{ kind: redis, url: "${redis.url}", key_prefix: "shadow-${randomUUID()}:", sync_ms: 50 }`, environment: {}, close: () => redis.close() };
    },
  },
  {
    kind: 'postgres',
    skip: hasPostgresServer ? undefined : NO_POSTGRES_REASON,
    async start() {
      const server: TestPostgresServer = await startPostgresServer();
      const store = '{ kind: postgres, url: "${DATABASE_URL}", sync_ms: 50, audit_flush_ms: 20, query_timeout_ms: 1000, connect_timeout_ms: 1000 }';
      return { store, environment: { DATABASE_URL: server.url }, close: () => server.close() };
    },
  },
];

for (const shared of stores) {
  describe.skipIf(shared.skip !== undefined)(`shadow evaluation's daily budget with store.kind ${shared.kind}: one budget for all replicas${shared.skip === undefined ? '' : ` (skipped: ${shared.skip})`}`, () => {
    let upstream: FakeUpstream;
    let judge: FakeJudge;
    let closeStore: () => Promise<void>;
    let replicas: TestGateway[] = [];
    beforeAll(async () => {
      upstream = await startFakeUpstream();
      judge = await startFakeJudge();
      upstream.setBehaviorFor('strong-model', { kind: 'ok', text: 'the strong answer', usage: { outputTokens: 1000 } });
      upstream.setBehaviorFor('weak-model', { kind: 'ok', text: 'the weak answer' });
      const started = await shared.start();
      closeStore = started.close;
      const config = configFor(started.store, upstream, judge);
      replicas = [await startTestGateway(config, { environment: started.environment }), await startTestGateway(config, { environment: started.environment })];
    });
    afterAll(async () => {
      for (const replica of replicas) await replica.close();
      await closeStore?.();
      await upstream?.close();
      await judge?.close();
    });

    const runs = async (gateway: TestGateway, outcome: string) => {
      const text = await (await fetch(`${gateway.url}/metrics`)).text();
      return Number(new RegExp(`switchyard_shadow_runs_total\\{router="smart",outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    };
    const ask = async (gateway: TestGateway, index: number) => {
      const response = await gateway.openai.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: `Prove that the square root of 2 is irrational (${index}).` }] });
      expect(response.choices[0]?.message.content).toMatch(/answer/);
      await gateway.gateway.services.shadow!.settled();
    };
    /** The client may have its answer before the gateway has handed the request to shadow evaluation: wait for its run to be counted. */
    const counted = async (gateway: TestGateway, total: number) => {
      const deadline = Date.now() + 5_000;
      while ((await runs(gateway, 'judged')) + (await runs(gateway, 'skipped_budget')) < total && Date.now() < deadline) await sleep(25);
      await gateway.gateway.services.shadow!.settled();
    };

    it('what one replica spent counts on the other: the day stops at the budget for both together', async () => {
      const [one, two] = replicas as [TestGateway, TestGateway];
      for (let index = 0; index < 3; index++) {
        await ask(one, index);
        await counted(one, index + 1);
      }
      expect(await runs(one, 'judged')).toBe(2);
      expect(await runs(one, 'skipped_budget')).toBe(1);
      const spent = one.gateway.services.shadow!.spentTodayUsd('smart');
      expect(spent).toBeGreaterThan(0.05);
      expect(spent).toBeLessThanOrEqual(0.08);

      // Once the store has the first replica's spend (pushed and read back every 50 ms), the second sees it.
      const deadline = Date.now() + 5_000;
      while (two.gateway.services.shadow!.spentTodayUsd('smart') < spent - 1e-9 && Date.now() < deadline) await sleep(25);
      expect(two.gateway.services.shadow!.spentTodayUsd('smart')).toBeCloseTo(spent, 9);
      // Per replica, the second would judge two runs of its own; sharing one budget, it judges none.
      for (let index = 3; index < 6; index++) {
        await ask(two, index);
        await counted(two, index - 2);
      }
      expect(await runs(two, 'judged')).toBe(0);
      expect(await runs(two, 'skipped_budget')).toBe(3);
      expect(judge.requests).toHaveLength(2);
    });
  });
}
