import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProviderAdapter } from '../../router/providers/provider-adapter.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * A bug in switchyard is `internal_error` (500) in the client's format: never failed over, never
 * counted against the deployment's circuit, the stack in the log and never in the body.
 */
let upstream: FakeUpstream;
let gateway: TestGateway;
const logLines: string[] = [];
const BUG_MESSAGE = "Cannot read properties of undefined (reading 'secretive_translator_field')";

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gateway = await startTestGateway(
    `
store: { kind: memory }
circuit_breaker: { failure_threshold: 1 }
providers:
  buggy: { type: anthropic, base_url: "${upstream.url}", api_key: upstream-key }
  healthy: { type: anthropic, base_url: "${upstream.url}", api_key: upstream-key }
models:
  buggy-model: { provider: buggy, model: claude-fake }
  healthy-model: { provider: healthy, model: claude-fake }
routers:
  chain: { strategy: failover, targets: [buggy-model, healthy-model] }
`,
    { logger: { level: 'info', stream: { write: (line: string) => void logLines.push(line) } } },
  );
  // The bug: the translator of the first target throws, as a TypeError in real code would.
  const adapter = gateway.gateway.services.holder.current.adapters.get('buggy') as ProviderAdapter;
  vi.spyOn(adapter, 'chat').mockImplementation(() => Promise.reject(new TypeError(BUG_MESSAGE)));
  vi.spyOn(adapter, 'stream').mockImplementation(() => ({
    [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new TypeError(BUG_MESSAGE)) }),
  }));
  // Anthropic clients of this Anthropic deployment take the same-format path: its body builder has the bug too.
  vi.spyOn(adapter.passthrough!, 'chat').mockImplementation(() => Promise.reject(new TypeError(BUG_MESSAGE)));
  vi.spyOn(adapter.passthrough!, 'stream').mockImplementation(() => ({
    [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new TypeError(BUG_MESSAGE)) }),
  }));
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
});
beforeEach(() => upstream.reset());

async function healthOf(deployment: string): Promise<{ state: string; failures: number; lastError?: string }> {
  const response = await fetch(`${gateway.url}/admin/health`);
  const { deployments } = (await response.json()) as { deployments: Array<{ deployment: string; state: string; failures: number; lastError?: string }> };
  return deployments.find((entry) => entry.deployment === deployment) ?? { state: 'closed', failures: 0 };
}

describe('a gateway bug is internal_error, never an outage', () => {
  it('OpenAI client: 500 internal_error, no failover, the circuit untouched, the stack only in the log', async () => {
    for (let round = 0; round < 3; round++) {
      const error: unknown = await gateway.openai.chat.completions.create({ model: 'chain', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.InternalServerError);
      const apiError = error as InstanceType<typeof OpenAI.APIError>;
      expect(apiError.status).toBe(500);
      expect(apiError.code).toBe('internal_error');
      expect(apiError.type).toBe('server_error');
      expect(JSON.stringify(apiError.error)).not.toContain('secretive_translator_field');
    }
    expect(upstream.requests).toHaveLength(0);
    expect(await healthOf('buggy-model')).toMatchObject({ state: 'closed', failures: 0 });
    const logged = logLines.map((line) => JSON.parse(line) as { msg?: string; err?: { message?: string; stack?: string } }).filter((line) => line.msg === 'internal error');
    expect(logged.length).toBeGreaterThanOrEqual(3);
    expect(logged[0]!.err?.message).toBe(BUG_MESSAGE);
    expect(logged[0]!.err?.stack).toContain('TypeError');
  });

  it('Anthropic client, streaming: 500 api_error before any byte, the circuit untouched', async () => {
    const client = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
    const error: unknown = await client.messages
      .create({ model: 'chain', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] })
      .then(async (stream) => {
        for await (const event of stream) void event;
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    expect(upstream.requests).toHaveLength(0);
    expect(await healthOf('buggy-model')).toMatchObject({ state: 'closed', failures: 0 });
  });

  it('the audit records internal_error with no upstream status', async () => {
    await gateway.openai.chat.completions.create({ model: 'buggy-model', messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined);
    const response = await fetch(`${gateway.url}/admin/decisions?limit=1`);
    const { decisions } = (await response.json()) as { decisions: Array<{ errorCode?: string; httpStatus?: number }> };
    expect(decisions[0]).toMatchObject({ errorCode: 'internal_error', httpStatus: 500 });
  });
});
