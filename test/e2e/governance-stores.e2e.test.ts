import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisServer, NO_REDIS_REASON, startRedisServer, type TestRedisServer } from '../support/start-redis-server.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const ADMIN = 'admin-token-0123456789';

function configFor(store: string): string {
  return `
store: ${store}
server: { admin_token: ${ADMIN} }
providers:
  local: { type: mock }
models:
  cheap-model: { provider: local, model: mock-cheap, price: { input: 0.1, output: 0.1 } }
  opus:        { provider: local, model: mock-opus, price: { input: 10000000, output: 10000000 } }
routers:
  cheap:   { strategy: single, target: cheap-model }
  premium: { strategy: single, target: opus }
projects:
  team:
    limits: { rpm: 4 }
  spender:
    budget: { monthly_usd: 25 }
`;
}

const admin = async (gateway: TestGateway, path: string, method = 'GET', body?: unknown) => {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await response.json()) as Record<string, unknown> & { key: string; id: string };
};
const chat = (gateway: TestGateway, key: string, model: string) =>
  new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 }).chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
const status = (promise: Promise<{ response: Response }>) =>
  promise.then(
    ({ response }) => ({ status: response.status, code: undefined as string | undefined }),
    (error: { status: number; code: string }) => ({ status: error.status, code: error.code }),
  );

describe('store.kind sqlite: keys and project spend survive a restart', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-governance-'));
  });

  it('keeps a virtual key, its revocation state and the project spend across a restart', async () => {
    const store = `{ kind: sqlite, path: ${join(directory, 'state.db')} }`;
    const first = await startTestGateway(configFor(store));
    const key = (await admin(first, '/admin/keys', 'POST', { name: 'app', project: 'spender' })).key;
    const doomed = await admin(first, '/admin/keys', 'POST', { name: 'doomed', project: 'team' });
    await admin(first, `/admin/keys/${doomed.id}/revoke`, 'POST');
    expect((await status(chat(first, key, 'premium'))).status).toBe(200);
    expect(await status(chat(first, key, 'cheap'))).toEqual({ status: 429, code: 'budget_exceeded' });
    await first.close();

    const second = await startTestGateway(configFor(store));
    try {
      // The key still works (for what its spent project allows: nothing), the revoked one is still refused.
      expect(await status(chat(second, key, 'cheap'))).toEqual({ status: 429, code: 'budget_exceeded' });
      expect(await status(chat(second, doomed.key, 'cheap'))).toEqual({ status: 401, code: 'unauthorized' });
      const listed = (await admin(second, '/admin/keys')) as unknown as { keys: Array<{ name: string; state: string }> };
      expect(listed.keys.map((entry) => [entry.name, entry.state])).toEqual([
        ['app', 'active'],
        ['doomed', 'revoked'],
      ]);
    } finally {
      await second.close();
    }
  });
});

describe.skipIf(!hasRedisServer)(`store.kind redis: two replicas, one set of keys and one project limit${hasRedisServer ? '' : ` (skipped: ${NO_REDIS_REASON})`}`, () => {
  let redis: TestRedisServer;
  let replicas: TestGateway[];
  beforeAll(async () => {
    redis = await startRedisServer();
    const store = `{ kind: redis, url: "${redis.url}", key_prefix: "governance-${randomUUID()}:", sync_ms: 50 }`;
    replicas = [await startTestGateway(configFor(store)), await startTestGateway(configFor(store))];
  });
  afterAll(async () => {
    for (const replica of replicas ?? []) await replica.close();
    await redis?.close();
  });

  it('a key created on one replica works on the other; rotation and revocation apply on both', async () => {
    const [one, two] = replicas as [TestGateway, TestGateway];
    const created = await admin(one, '/admin/keys', 'POST', { name: 'shared', project: 'team' });
    expect((await status(chat(two, created.key, 'cheap'))).status).toBe(200);
    const rotated = await admin(two, `/admin/keys/${created.id}/rotate`, 'POST');
    expect((await status(chat(one, created.key, 'cheap'))).status).toBe(401);
    expect((await status(chat(one, rotated.key, 'cheap'))).status).toBe(200);
    await admin(one, `/admin/keys/${created.id}/revoke`, 'POST');
    expect((await status(chat(two, rotated.key, 'cheap'))).status).toBe(401);
  });

  it('enforces one project rpm across both replicas', async () => {
    const [one, two] = replicas as [TestGateway, TestGateway];
    const a = (await admin(one, '/admin/keys', 'POST', { name: 'a', project: 'team' })).key;
    const b = (await admin(two, '/admin/keys', 'POST', { name: 'b', project: 'team' })).key;
    // The first test spent 2 of the project's 4 calls this minute; 2 are left, whichever replica serves them.
    const outcomes = [await status(chat(one, a, 'cheap')), await status(chat(two, b, 'cheap')), await status(chat(one, b, 'cheap')), await status(chat(two, a, 'cheap'))];
    expect(outcomes.map((outcome) => outcome.status)).toEqual([200, 200, 429, 429]);
    expect(outcomes[2]?.code).toBe('rate_limited');
  });

  it('a key near expiry raises one alert across both replicas (claimed in Redis)', async () => {
    const [one, two] = replicas as [TestGateway, TestGateway];
    const sentBefore = () => (one.gateway.services.alerts?.counts.sent ?? 0) + (two.gateway.services.alerts?.counts.sent ?? 0);
    const before = sentBefore();
    // Default key_expiry_days is 7; cheap calls stay far below the project's alert lines, so no other alert comes.
    const key = (await admin(one, '/admin/keys', 'POST', { name: 'expiring', project: 'spender', expires_in_days: 2 })).key;
    for (const gateway of [one, two]) expect((await status(chat(gateway, key, 'cheap'))).status).toBe(200);
    await expect.poll(sentBefore).toBe(before + 1);
    // Used again on both: still one.
    for (const gateway of [two, one]) await status(chat(gateway, key, 'cheap'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sentBefore()).toBe(before + 1);
  });

  it('shares one project budget: spend on one replica exhausts it on the other', async () => {
    const [one, two] = replicas as [TestGateway, TestGateway];
    const key = (await admin(one, '/admin/keys', 'POST', { name: 'spend', project: 'spender' })).key;
    expect((await status(chat(one, key, 'premium'))).status).toBe(200);
    // Spend reaches the other replica within sync_ms (50 ms) and its read-back.
    let refused = { status: 0, code: undefined as string | undefined };
    for (let tries = 0; tries < 40 && refused.status !== 429; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      refused = await status(chat(two, key, 'cheap'));
    }
    expect(refused).toEqual({ status: 429, code: 'budget_exceeded' });
  });
});
