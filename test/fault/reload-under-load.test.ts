import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/** Requests sent while the config is rewritten; every one must succeed. */
export const reloadLoad = { requests: 200, concurrency: 16, reloads: 16, reloadEveryMs: 30 };

function configFor(flaky: FakeUpstream, healthy: FakeUpstream, generation: number): string {
  return `
defaults: { retries: 0, timeout_ms: 5000 }
circuit_breaker: { failure_threshold: 1000000, recovery_ms: 60000 }
providers:
  flaky:   { type: openai-compatible, base_url: "${flaky.url}/v1" }
  healthy: { type: openai-compatible, base_url: "${healthy.url}/v1" }
models:
  flaky-model:   { provider: flaky, model: flaky }
  healthy-model: { provider: healthy, model: healthy }
routers:
  chain: { strategy: failover, targets: [flaky-model, healthy-model] }
  generation-${generation}: { strategy: single, target: healthy-model }
`;
}

/** The text of an OpenAI Chat SSE body. */
function streamedText(body: string): string {
  let text = '';
  for (const line of body.split('\n')) {
    if (!line.startsWith('data: {')) continue;
    const chunk = JSON.parse(line.slice('data: '.length)) as { choices?: Array<{ delta?: { content?: string } }> };
    text += chunk.choices?.[0]?.delta?.content ?? '';
  }
  return text;
}

describe('reload under load', () => {
  let flaky: FakeUpstream;
  let healthy: FakeUpstream;
  let test: TestGateway;

  beforeAll(async () => {
    // The first target fails after a while, so each request's second attempt starts well after it
    // began, often after one or two reloads: it must still find its connection pool open.
    flaky = await startFakeUpstream({ behavior: { kind: 'status', status: 503, latencyMs: 30 }, recordRequests: false });
    healthy = await startFakeUpstream({ behavior: { kind: 'ok', latencyMs: 20, chunkDelayMs: 5 }, recordRequests: false });
    test = await startTestGateway(configFor(flaky, healthy, 0));
  });
  afterAll(async () => {
    await test.close();
    await flaky.close();
    await healthy.close();
  });

  it('loses no request while the config is rewritten many times, and retires every old pool', async () => {
    let reloadsDone = 0;
    let reloadFailures = 0;
    let sending = true;
    const reloading = (async () => {
      for (let generation = 1; generation <= reloadLoad.reloads; generation++) {
        await new Promise((resolve) => setTimeout(resolve, reloadLoad.reloadEveryMs));
        await writeFile(test.configFile, configFor(flaky, healthy, generation));
        const outcome = await test.gateway.reload();
        if (outcome.ok) reloadsDone++;
        else reloadFailures++;
      }
    })();

    const failures: string[] = [];
    let succeeded = 0;
    let next = 0;
    const worker = async () => {
      while (next < reloadLoad.requests) {
        const index = next++;
        const stream = index % 2 === 1;
        try {
          const response = await fetch(`${test.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ model: 'chain', stream, messages: [{ role: 'user', content: `request ${index}` }] }),
          });
          const text = await response.text();
          const served = response.headers.get('x-switchyard-model');
          const answer = stream ? streamedText(text) : (JSON.parse(text) as { choices?: Array<{ message?: { content?: string } }> }).choices?.[0]?.message?.content;
          if (response.status === 200 && served === 'healthy-model' && answer === `echo: request ${index}` && (!stream || text.includes('[DONE]'))) succeeded++;
          else failures.push(`#${index} ${response.status} ${served}: ${text.slice(0, 200)}`);
        } catch (error) {
          failures.push(`#${index} ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: reloadLoad.concurrency }, worker));
    sending = false;
    await reloading;

    expect(failures).toEqual([]);
    expect(succeeded).toBe(reloadLoad.requests);
    expect(sending).toBe(false);
    expect(reloadFailures).toBe(0);
    expect(reloadsDone).toBe(reloadLoad.reloads);
    expect(test.gateway.services.holder.generation).toBe(1 + reloadLoad.reloads);
    // Our own pool closing never counted against the healthy deployment.
    const health = test.gateway.services.health.snapshot().find((entry) => entry.deployment === 'healthy-model');
    expect(health).toMatchObject({ state: 'closed', failures: 0 });
    // Every replaced runtime closes once its last request is done.
    for (let wait = 0; wait < 100 && test.gateway.services.holder.draining > 0; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(test.gateway.services.holder.draining).toBe(0);
  });
});
