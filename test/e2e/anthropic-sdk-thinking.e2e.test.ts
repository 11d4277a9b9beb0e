/**
 * The official Anthropic SDK's `messages.stream` with extended thinking through the gateway's
 * translated path (`server.passthrough: false`, so the body is parsed into the internal format,
 * converted back and the answer re-encoded): thinking with its signature, redacted thinking and the
 * next turn's replay must survive the round trip.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

let upstream: FakeUpstream;
let gateway: TestGateway;
let client: Anthropic;
const reasoning = { text: 'Paris is the capital; answer briefly.', signature: 'EqQBCkYIBxgCKkBsignature', redacted: 'EmwKAhgBEgyredacted' };

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gateway = await startTestGateway(`
server: { passthrough: false }
store: { kind: memory }
providers:
  fake-anthropic: { type: anthropic, base_url: "${upstream.url}", api_key: upstream-key }
models:
  sonnet: { provider: fake-anthropic, model: claude-sonnet-4-6 }
routers:
  "claude-*": { strategy: single, target: sonnet }
`);
  client = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
});
beforeEach(() => upstream.reset());

describe('Anthropic SDK messages.stream with thinking, translated path', () => {
  it('streams thinking with its signature and redacted thinking back, and replays them on the next turn', async () => {
    upstream.enqueue({ kind: 'ok', text: 'Paris.', reasoning });
    const request = { model: 'claude-sonnet-4-6', max_tokens: 4096, thinking: { type: 'enabled' as const, budget_tokens: 2048 }, messages: [{ role: 'user' as const, content: 'Capital of France?' }] };
    const stream = client.messages.stream(request);
    const thinking: string[] = [];
    stream.on('thinking', (delta) => thinking.push(delta));
    const message = await stream.finalMessage();
    expect(thinking.join('')).toBe(reasoning.text);
    expect(message.content).toEqual([
      { type: 'thinking', thinking: reasoning.text, signature: reasoning.signature },
      { type: 'redacted_thinking', data: reasoning.redacted },
      { type: 'text', text: 'Paris.' },
    ]);
    expect(upstream.requests[0]!.body).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2048 }, max_tokens: 4096, stream: true });

    upstream.enqueue({ kind: 'ok', text: 'About 2 million.' });
    const next = await client.messages.create({
      ...request,
      messages: [...request.messages, { role: 'assistant', content: message.content }, { role: 'user', content: 'Population?' }],
    });
    expect(next.content).toEqual([{ type: 'text', text: 'About 2 million.' }]);
    const replayed = (upstream.requests[1]!.body as { messages: Array<{ role: string; content: unknown }> }).messages[1]!;
    expect(replayed).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: reasoning.text, signature: reasoning.signature },
        { type: 'redacted_thinking', data: reasoning.redacted },
        { type: 'text', text: 'Paris.' },
      ],
    });
  });

  it('answers thinking non-streamed too', async () => {
    upstream.enqueue({ kind: 'ok', text: 'Paris.', reasoning: { text: reasoning.text, signature: reasoning.signature } });
    const message = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [{ role: 'user', content: 'Capital of France?' }] });
    expect(message.content).toEqual([
      { type: 'thinking', thinking: reasoning.text, signature: reasoning.signature },
      { type: 'text', text: 'Paris.' },
    ]);
  });
});
