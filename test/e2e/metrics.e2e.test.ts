import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

describe('GET /metrics (Prometheus)', () => {
  let upstream: FakeUpstream;
  let test: TestGateway;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    test = await startTestGateway(`
providers: { up: { type: openai-compatible, base_url: "${upstream.url}/v1" } }
models:
  main:   { provider: up, model: main-model, price: { input: 2, output: 8 } }
  backup: { provider: up, model: backup-model }
routers:
  chain: { strategy: failover, targets: [main, backup] }
`);
  });
  afterAll(async () => {
    await test.close();
    await upstream.close();
  });

  it('counts requests, attempts, tokens, cost and circuit state', async () => {
    await test.openai.chat.completions.create({ model: 'chain', messages: [{ role: 'user', content: 'count me' }] });
    upstream.setBehaviorFor('main-model', { kind: 'status', status: 500 });
    await test.openai.chat.completions.create({ model: 'chain', messages: [{ role: 'user', content: 'fail over' }] });
    await test.openai.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);

    const response = await fetch(`${test.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('switchyard_requests_total{router="chain",model="main",provider="up",status="success",format="openai-chat"} 1');
    expect(text).toContain('switchyard_requests_total{router="chain",model="backup",provider="up",status="success",format="openai-chat"} 1');
    expect(text).toContain('switchyard_requests_total{router="",model="",provider="",status="rejected",format="openai-chat"} 1');
    expect(text).toContain('switchyard_upstream_attempts_total{model="main",provider="up",outcome="failed"} 1');
    expect(text).toMatch(/switchyard_tokens_total\{model="main",direction="input"\} [1-9]/);
    expect(text).toMatch(/switchyard_cost_usd_total\{model="main",provider="up"\} \d/);
    expect(text).toContain('switchyard_circuit_state{model="main",state="closed"} 1');
    expect(text).toContain('switchyard_process_resident_memory_bytes');
    expect(text).toContain('switchyard_nodejs_eventloop_lag_p99_seconds');
  });
});
