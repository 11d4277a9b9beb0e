/**
 * The fault suite: every upstream fault × both provider types × all three client formats × streamed
 * or not, each through `targets: [faulty, healthy]`, on a real gateway and fake upstreams on
 * 127.0.0.1, called with the official SDKs. A fault before any content must be failed over (no
 * request lost while the healthy target is there); a stream cut after content reached the client
 * must end with an error event in the client's own format.
 * The same-format paths (OpenAI Chat client and OpenAI upstream, Anthropic client and Anthropic
 * upstream) are in the matrix too: their frames are checked and committed at first content as well.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { callInClientFormat, clientFormats, createGatewayClients, type ClientFormat, type GatewayClients } from './call-in-client-format.ts';
import { providerTypes, upstreamFaults, type ProviderType, type UpstreamFault } from './upstream-faults.ts';

/** A port nothing listens on: bound once, then released. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const deploymentOf = (fault: UpstreamFault, provider: ProviderType) => `${fault.name}-${provider}`;
const routerOf = (fault: UpstreamFault, provider: ProviderType) => `${fault.name}-${provider}-chain`;

function providerEntry(name: string, provider: ProviderType, url: string): string {
  return provider === 'openai'
    ? `  ${name}: { type: openai-compatible, base_url: "${url}/v1" }`
    : `  ${name}: { type: anthropic, base_url: "${url}", api_key: unused-key }`;
}

function configFor(faulty: FakeUpstream, healthy: FakeUpstream, deadPort: number): string {
  const lines = [
    'defaults: { retries: 0, timeout_ms: 5000, backoff: { initial_ms: 1, max_ms: 5, jitter: 0 }, retry_after_cap_ms: 1000 }',
    // Never opens during the suite: each request must meet its fault, not a skip.
    'circuit_breaker: { failure_threshold: 1000000, recovery_ms: 60000 }',
    'providers:',
  ];
  for (const provider of providerTypes) {
    lines.push(providerEntry(`faulty-${provider}`, provider, faulty.url));
    lines.push(providerEntry(`refused-${provider}`, provider, `http://127.0.0.1:${deadPort}`));
    lines.push(providerEntry(`healthy-${provider}`, provider, healthy.url));
  }
  lines.push('models:');
  for (const provider of providerTypes) {
    lines.push(`  healthy-${provider}: { provider: healthy-${provider}, model: healthy-${provider} }`);
    for (const fault of upstreamFaults) {
      const account = fault.behavior(provider) === undefined ? `refused-${provider}` : `faulty-${provider}`;
      lines.push(`  ${deploymentOf(fault, provider)}: { provider: ${account}, model: ${deploymentOf(fault, provider)} }`);
    }
  }
  lines.push('routers:');
  for (const provider of providerTypes) {
    for (const fault of upstreamFaults) {
      const target = fault.target === undefined ? deploymentOf(fault, provider) : `{ use: ${deploymentOf(fault, provider)}, ${fault.target} }`;
      lines.push(`  ${routerOf(fault, provider)}: { strategy: failover, targets: [${target}, healthy-${provider}] }`);
    }
  }
  return lines.join('\n') + '\n';
}

type Case = { fault: UpstreamFault; provider: ProviderType; format: ClientFormat; stream: boolean };

const cases: Case[] = upstreamFaults.flatMap((fault) =>
  providerTypes.flatMap((provider) => clientFormats.flatMap((format) => [false, true].map((stream) => ({ fault, provider, format, stream })))),
);

const caseName = (entry: Case) => `${entry.fault.name} × ${entry.provider} upstream × ${entry.format} client × ${entry.stream ? 'stream' : 'no stream'}`;

// The cases are independent requests: run many at once, so the suite takes seconds.
vi.setConfig({ maxConcurrency: 24 });

describe('upstream faults with a healthy target next', () => {
  let faulty: FakeUpstream;
  let healthy: FakeUpstream;
  let test: TestGateway;
  let clients: GatewayClients;
  const lost: string[] = [];

  beforeAll(async () => {
    faulty = await startFakeUpstream();
    healthy = await startFakeUpstream();
    for (const fault of upstreamFaults) {
      for (const provider of providerTypes) {
        const behavior = fault.behavior(provider);
        if (behavior !== undefined) faulty.setBehaviorFor(deploymentOf(fault, provider), behavior);
      }
    }
    test = await startTestGateway(configFor(faulty, healthy, await refusedPort()));
    clients = createGatewayClients(test.url);
  });
  afterAll(async () => {
    await test.close();
    await faulty.close();
    await healthy.close();
  });

  describe.concurrent.each(cases)('$fault.name', (entry) => {
    const { fault, provider, format, stream } = entry;
    it(caseName(entry), async () => {
      const prompt = `${caseName(entry)} #${Math.floor(performance.now())}`;
      const outcome = await callInClientFormat(clients, format, routerOf(fault, provider), prompt, stream);
      if (fault.afterContent === true && stream) {
        // Content reached the client from the faulty target: no failover now, a proper error event.
        expect(outcome.status).toBe(200);
        expect(outcome.headers['x-switchyard-model']).toBe(deploymentOf(fault, provider));
        expect(outcome.text.length).toBeGreaterThan(0);
        expect(`echo: ${prompt}`.startsWith(outcome.text)).toBe(true);
        expect(outcome.text).not.toBe(`echo: ${prompt}`);
        expect(outcome.error?.message).toMatch(/stream|upstream|connection/i);
        if (format === 'anthropic-messages') expect(outcome.error?.body).toMatchObject({ type: 'error', error: { type: expect.any(String) } });
        return;
      }
      if (outcome.status !== 200 || outcome.text !== `echo: ${prompt}` || outcome.error !== undefined) lost.push(caseName(entry));
      expect(outcome.error).toBeUndefined();
      expect(outcome.status).toBe(200);
      expect(outcome.text).toBe(`echo: ${prompt}`);
      expect(outcome.headers['x-switchyard-model']).toBe(`healthy-${provider}`);
      // The faulty target was really tried (and, for a 429 with Retry-After, retried once) first.
      expect(outcome.headers['x-switchyard-attempts']).toBe(fault.name === 'status-429-retry-after' ? '3' : '2');
    });
  });

  it('lost no request that a healthy target could serve, and kept the healthy circuits clean', () => {
    expect(lost).toEqual([]);
    const snapshot = test.gateway.services.health.snapshot();
    for (const provider of providerTypes) {
      expect(snapshot.find((entry) => entry.deployment === `healthy-${provider}`)).toMatchObject({ state: 'closed', failures: 0 });
    }
  });
});
