/**
 * The setup most end-to-end tests share: one fake upstream, a gateway whose config points at it,
 * and the official OpenAI and Anthropic clients pointed at the gateway. Registers the vitest hooks
 * (start before the file's tests, a fresh upstream before each test, close after), so a test file
 * keeps only its config and what it asserts.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFakeUpstream, type FakeUpstream, type FakeUpstreamOptions } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from './start-test-gateway.ts';

export type GatewayOnFakeUpstream = {
  readonly upstream: FakeUpstream;
  readonly gateway: TestGateway;
  /** OpenAI client on the gateway's /v1, key `client-key`, no SDK retries. */
  readonly openai: OpenAI;
  /** Anthropic client on the gateway, key `client-key`, no SDK retries. */
  readonly anthropic: Anthropic;
};

type Started = { upstream: FakeUpstream; gateway: TestGateway; openai: OpenAI; anthropic: Anthropic };

/**
 * `configOf` gets the fake upstream's url ("http://127.0.0.1:PORT") and returns the gateway's YAML.
 * The returned object's members are readable inside hooks and tests (after the servers started).
 */
export function useGatewayOnFakeUpstream(configOf: (upstreamUrl: string) => string, upstreamOptions?: FakeUpstreamOptions): GatewayOnFakeUpstream {
  let started: Started | undefined;
  let upstreamToClose: FakeUpstream | undefined;
  let gatewayToClose: TestGateway | undefined;
  const current = (): Started => {
    // Read at module level (before beforeAll) is a test bug, not a flake: say so.
    if (started === undefined) throw new Error('useGatewayOnFakeUpstream: servers not started yet (read its members inside hooks or tests)');
    return started;
  };

  beforeAll(async () => {
    upstreamToClose = await startFakeUpstream(upstreamOptions);
    gatewayToClose = await startTestGateway(configOf(upstreamToClose.url));
    started = {
      upstream: upstreamToClose,
      gateway: gatewayToClose,
      openai: new OpenAI({ baseURL: `${gatewayToClose.url}/v1`, apiKey: 'client-key', maxRetries: 0 }),
      anthropic: new Anthropic({ baseURL: gatewayToClose.url, apiKey: 'client-key', maxRetries: 0 }),
    };
  });
  afterAll(async () => {
    await gatewayToClose?.close();
    await upstreamToClose?.close();
  });
  beforeEach(() => current().upstream.reset());

  return {
    get upstream() {
      return current().upstream;
    },
    get gateway() {
      return current().gateway;
    },
    get openai() {
      return current().openai;
    },
    get anthropic() {
      return current().anthropic;
    },
  };
}
