/**
 * previous_response_id across replicas: with `store.kind: redis`, a response answered through one
 * gateway replica is followed up through another, and still reaches the deployment that holds it.
 */
import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { hasRedisServer, NO_REDIS_REASON, startRedisServer, type TestRedisServer } from '../support/start-redis-server.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

describe.skipIf(!hasRedisServer)(`previous_response_id with two replicas on one Redis${hasRedisServer ? '' : ` (skipped: ${NO_REDIS_REASON})`}`, () => {
  let redis: TestRedisServer;
  let upstream: FakeUpstream;
  const replicas: TestGateway[] = [];

  beforeAll(async () => {
    redis = await startRedisServer({ password: `pw-${randomUUID()}` });
    upstream = await startFakeUpstream();
    const prefix = `affinity-${randomUUID()}:`;
    const config = `
store: { kind: redis, url: "\${REDIS_URL}", key_prefix: "${prefix}" }
defaults: { retries: 0 }
circuit_breaker: { failure_threshold: 100, recovery_ms: 60000 }
providers:
  responses: { type: openai, base_url: "${upstream.url}/v1", api_key: sk-upstream, api: responses }
models:
  resp-a: { provider: responses, model: model-a }
  resp-b: { provider: responses, model: model-b }
routers:
  pair: { strategy: failover, targets: [resp-a, resp-b] }
`;
    for (let index = 0; index < 2; index++) replicas.push(await startTestGateway(config, { environment: { REDIS_URL: redis.url } }));
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    await upstream?.close();
    await redis?.close();
  });

  it('the follow-up through the other replica reaches resp-b, which answered the first call', async () => {
    const [first, second] = replicas.map((replica) => new OpenAI({ baseURL: `${replica.url}/v1`, apiKey: 'client-key', maxRetries: 0 }));
    upstream.enqueue({ kind: 'status', status: 500 }, { model: 'model-a' });
    const answered = await first!.responses.create({ model: 'pair', input: 'Remember 42.', store: true }).withResponse();
    expect(answered.response.headers.get('x-switchyard-model')).toBe('resp-b');
    const follow = await second!.responses.create({ model: 'pair', input: 'Which number?', previous_response_id: answered.data.id }).withResponse();
    expect(follow.response.headers.get('x-switchyard-model')).toBe('resp-b');
    expect(upstream.requests.at(-1)!.body).toMatchObject({ model: 'model-b', previous_response_id: answered.data.id });
  });
});
