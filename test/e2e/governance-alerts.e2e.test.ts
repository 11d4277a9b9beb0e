import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const ADMIN = 'admin-token-0123456789';
const WEBHOOK_SECRET = 'webhook-secret-0123456789abcdef';

type Received = { headers: IncomingMessage['headers']; body: string };

/** A real HTTP receiver on 127.0.0.1: answers each POST with the next status of `statuses` (then 200), or never when 'hang'. */
async function startReceiver(statuses: Array<number | 'hang'>): Promise<{ url: string; received: Received[]; server: Server; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      const next = statuses.shift() ?? 200;
      if (next === 'hang') return;
      response.writeHead(next).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}/hook`,
    received,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function configFor(webhookUrl: string, extra = ''): string {
  return `
store: { kind: memory }
server: { admin_token: ${ADMIN} }
alerts:
  webhook: { url: "${webhookUrl}", secret: ${WEBHOOK_SECRET}, retries: 3, backoff_ms: 20, timeout_ms: 3000 }
  key_expiry_days: 3
providers:
  local: { type: mock }
models:
  opus: { provider: local, model: mock-opus, price: { input: 1000000, output: 1000000 } }
routers:
  premium: { strategy: single, target: opus }
projects:
  team:
    budget: { monthly_usd: 1000, alert_at: [0.001] }
${extra}`;
}

const createKey = async (gateway: TestGateway, body: unknown) => {
  const response = await fetch(`${gateway.url}/admin/keys`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return ((await response.json()) as { key: string }).key;
};
const chat = (gateway: TestGateway, key: string) =>
  new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 }).chat.completions.create({ model: 'premium', messages: [{ role: 'user', content: 'hi' }] });

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 5000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('alerts go to a signed webhook, retried, never in the way of a request', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let test: TestGateway;
  beforeAll(async () => {
    // The first delivery fails twice (500, 503), then succeeds: two retries.
    receiver = await startReceiver([500, 503]);
    test = await startTestGateway(configFor(receiver.url));
  });
  afterAll(async () => {
    await test.close();
    await receiver.close();
  });

  it('posts a budget threshold alert with an HMAC-SHA256 signature of the body, retrying with backoff', async () => {
    const key = await createKey(test, { name: 'app', project: 'team' });
    await chat(test, key);
    await until(() => receiver.received.length >= 3, 'three deliveries');
    const [first, second, third] = receiver.received;
    expect(first?.body).toBe(third?.body);
    expect(second?.headers['x-switchyard-alert-id']).toBe(first?.headers['x-switchyard-alert-id']);
    const alert = JSON.parse(third!.body) as Record<string, unknown>;
    expect(alert).toMatchObject({ type: 'budget_threshold', account: 'project', name: 'team', threshold: 0.001, budget_usd: 1000 });
    const expected = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(third!.body).digest('hex')}`;
    expect(third?.headers['x-switchyard-signature']).toBe(expected);
    expect(third?.body).not.toContain(key.slice(20));
    // The receiver records the third try before it answers: wait until the gateway has its answer.
    await test.gateway.services.alerts?.idle();
    expect(test.gateway.services.alerts?.counts).toMatchObject({ delivered: 1, retried: 2 });
  });

  it('alerts once when a key near its expiry is used', async () => {
    const before = receiver.received.length;
    const key = await createKey(test, { name: 'short-lived', project: 'team', expires_in_days: 1 });
    await chat(test, key);
    await chat(test, key);
    await until(() => receiver.received.some((entry) => entry.body.includes('key_expiring')), 'the expiry alert');
    await test.gateway.services.alerts?.idle();
    const expiring = receiver.received.slice(before).filter((entry) => entry.body.includes('key_expiring'));
    expect(expiring).toHaveLength(1);
    expect(JSON.parse(expiring[0]!.body)).toMatchObject({ type: 'key_expiring', key_name: 'short-lived', project: 'team' });
  });
});

describe('a dead webhook receiver does not slow requests', () => {
  it('answers while the webhook hangs, and gives up after its retries', async () => {
    const receiver = await startReceiver(['hang', 'hang', 'hang', 'hang']);
    const test = await startTestGateway(configFor(receiver.url).replace('timeout_ms: 3000', 'timeout_ms: 2000').replace('retries: 3', 'retries: 1'));
    try {
      const key = await createKey(test, { name: 'app', project: 'team' });
      const started = performance.now();
      for (let index = 0; index < 5; index++) await chat(test, key);
      const elapsed = performance.now() - started;
      // The webhook hangs for 2 s per try; five requests take far less than one try.
      expect(elapsed).toBeLessThan(1500);
      expect(receiver.received.length).toBeGreaterThanOrEqual(1);
      await test.gateway.services.alerts?.idle();
      expect(test.gateway.services.alerts?.counts).toMatchObject({ failed: 1, delivered: 0 });
    } finally {
      await test.close();
      await receiver.close();
    }
  });
});
