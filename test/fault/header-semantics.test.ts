/**
 * Issue 18 item 8: what the routed headers count. `x-switchyard-attempts` counts the calls made
 * (retries included); targets passed over without a call (open circuit, limits, unfit) are in
 * `x-switchyard-skipped` and listed in the audit with their reason. `x-switchyard-overhead-ms` is
 * gateway time only: upstream calls and the waits between them (backoff, Retry-After, reported in
 * `x-switchyard-wait-ms`) are excluded. Real gateway and fake upstream on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const BACKOFF_MS = 600;
let upstream: FakeUpstream;
let test: TestGateway;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  upstream.setBehaviorFor('broken', { kind: 'status', status: 500, message: 'down' });
  test = await startTestGateway(`
store: { kind: memory }
defaults: { retries: 1, backoff: { initial_ms: ${BACKOFF_MS}, max_ms: ${BACKOFF_MS}, jitter: 0 } }
circuit_breaker: { failure_threshold: 2, recovery_ms: 600000 }
providers:
  fake: { type: openai-compatible, base_url: "${upstream.url}/v1" }
models:
  broken: { provider: fake, model: broken }
  flaky: { provider: fake, model: flaky }
  healthy: { provider: fake, model: healthy }
routers:
  chain: { strategy: failover, targets: [broken, healthy] }
`);
});
afterAll(async () => {
  await test.close();
  await upstream.close();
});

const call = (model: string) =>
  fetch(`${test.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });

describe('routed headers say what they count', () => {
  it('a retry after backoff: 2 attempts, the wait reported apart and not in the overhead', async () => {
    upstream.enqueue({ kind: 'status', status: 503, message: 'busy' }, { model: 'flaky' });
    const response = await call('flaky');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(response.headers.get('x-switchyard-skipped')).toBeNull();
    const waited = Number(response.headers.get('x-switchyard-wait-ms'));
    const overhead = Number(response.headers.get('x-switchyard-overhead-ms'));
    // The backoff was really waited (timers may fire a millisecond early) ...
    expect(waited).toBeGreaterThanOrEqual(BACKOFF_MS - 2);
    // ... and is not gateway time: before, the overhead included the whole backoff.
    expect(overhead).toBeGreaterThanOrEqual(0);
    expect(overhead).toBeLessThan(BACKOFF_MS / 2);
  });

  it('a call with no wait has no wait header', async () => {
    const response = await call('healthy');
    expect(response.headers.get('x-switchyard-attempts')).toBe('1');
    expect(response.headers.get('x-switchyard-wait-ms')).toBeNull();
  });

  it('a target skipped for its open circuit is not an attempt: x-switchyard-skipped, and the audit lists the skip', async () => {
    // Two failures (a call and its retry) open `broken`'s circuit; the chain then fails over to healthy.
    expect((await call('broken')).status).toBe(502);
    const snapshot = test.gateway.services.health.snapshot().find((entry) => entry.deployment === 'broken');
    expect(snapshot?.state).toBe('open');
    const response = await call('chain');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-model')).toBe('healthy');
    expect(response.headers.get('x-switchyard-attempts')).toBe('1');
    expect(response.headers.get('x-switchyard-skipped')).toBe('1');
    const requestId = response.headers.get('x-switchyard-request-id');
    const { decisions } = (await (await fetch(`${test.url}/admin/decisions?limit=50`)).json()) as { decisions: Array<{ requestId: string; attempts: Array<{ deployment: string; outcome: string; reason?: string }> }> };
    const record = decisions.find((entry) => entry.requestId === requestId);
    expect(record?.attempts).toEqual([
      expect.objectContaining({ deployment: 'broken', outcome: 'skipped', reason: 'circuit open' }),
      expect.objectContaining({ deployment: 'healthy', outcome: 'success' }),
    ]);
  });
});
