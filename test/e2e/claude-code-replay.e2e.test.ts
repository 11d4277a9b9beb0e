/**
 * Replays every recorded Claude Code request (test/clients/__fixtures__/claude-code) through the
 * gateway without the binary: each must be served (a new field, role or block is carried, never a
 * 400), to an Anthropic upstream and across formats to an OpenAI one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientRecording } from '../clients/client-recording.ts';
import { findBlocks } from '../clients/run-claude-code-scenario.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const FIXTURES = join(import.meta.dirname, '../clients/__fixtures__/claude-code');
const recordings = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as ClientRecording);
const cases = recordings.flatMap((recording) => recording.requests.map((request, index) => ({ name: `${recording.scenario} #${index + 1}`, request })));

let upstream: FakeUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gateway = await startTestGateway(`
store: { kind: memory }
providers:
  fake-anthropic: { type: anthropic, base_url: "${upstream.url}", api_key: upstream-key }
  fake-openai: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: upstream-key }
models:
  claude-upstream: { provider: fake-anthropic, model: claude-opus-4-6 }
  gpt-upstream: { provider: fake-openai, model: gpt-upstream }
routers:
  claude-opus-5-5: { strategy: single, target: claude-upstream }
  to-openai: { strategy: single, target: gpt-upstream }
`);
});
afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

async function replay(request: ClientRecording['requests'][number], model: string): Promise<{ status: number; text: string }> {
  const body = { ...(request.body as Record<string, unknown>), model };
  const response = await fetch(`${gateway.url}${request.path}${request.search}`, {
    method: request.method,
    headers: { ...request.headers, 'x-api-key': 'sk-ant-replay', 'accept-encoding': 'identity' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe('recorded Claude Code requests through the gateway', () => {
  it('has recordings to replay', () => {
    expect(cases.length).toBeGreaterThanOrEqual(7);
  });

  it.each(cases)('$name reaches an Anthropic upstream with its thinking, signatures, documents and cache breakpoints', async ({ request }) => {
    upstream.reset();
    const answer = await replay(request, 'claude-opus-5-5');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text).toContain('event: message_stop');
    const sent = upstream.requests[0]!.body as Record<string, unknown>;
    const original = request.body as Record<string, unknown>;
    expect(sent.thinking).toEqual(original.thinking);
    expect(sent.output_config).toEqual(original.output_config);
    expect(sent.context_management).toEqual(original.context_management);
    for (const type of ['thinking', 'redacted_thinking', 'document', 'tool_result']) {
      expect(findBlocks(sent.messages, type), type).toEqual(findBlocks(original.messages, type).map((block) => (type === 'tool_result' ? expect.objectContaining({ tool_use_id: block.tool_use_id }) : block)));
    }
    const cacheMarks = (value: unknown): number => JSON.stringify(value).split('"cache_control"').length - 1;
    expect(cacheMarks(sent)).toBe(cacheMarks(original));
  });

  it.each(cases)('$name is served across formats by an OpenAI upstream', async ({ request }) => {
    upstream.reset();
    const answer = await replay(request, 'to-openai');
    expect(answer.status, answer.text).toBe(200);
    expect(upstream.requests[0]!.path).toBe('/v1/chat/completions');
  });
});
