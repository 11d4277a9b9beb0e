import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Usage } from '../../core/chat-result.ts';
import { parseServerSentEvents } from '../sse/parse-server-sent-events.ts';
import { passThroughAnthropicStream } from './anthropic-passthrough-stream.ts';

const payloads = (name: string) =>
  readFileSync(new URL(`./__fixtures__/${name}.chunks.txt`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');

/** Lines as SSE with `event:` names, cut at odd places so the one SSE parser is part of the test. */
async function* sse(lines: string[]): AsyncGenerator<string> {
  const text = lines.map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`).join('');
  for (let start = 0; start < text.length; start += 23) yield text.slice(start, start + 23);
}

function open(lines: string[]) {
  const usages: Usage[] = [];
  const iterator = passThroughAnthropicStream(parseServerSentEvents(sse(lines)), { onUsage: (usage) => usages.push(usage) })[Symbol.asyncIterator]();
  return { iterator, usages };
}

async function drain(iterator: AsyncIterator<string>): Promise<string[]> {
  const frames: string[] = [];
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) frames.push(next.value);
  return frames;
}

describe('passThroughAnthropicStream', () => {
  it('forwards every event byte for byte, holding message_start, the empty block start and ping until the first delta', async () => {
    const lines = payloads('text');
    const { iterator, usages } = open(lines);
    const frames = await drain(iterator);
    const expected = lines.map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`);
    expect(frames.join('')).toBe(expected.join(''));
    expect(frames[0]).toBe(expected.slice(0, 4).join(''));
    expect(usages).toEqual([{ inputTokens: 35, outputTokens: 15, cachedInputTokens: 10 }]);
  });

  it('an error event before any content throws from the first next() (failover), keeping its type', async () => {
    const lines = payloads('text');
    const { iterator } = open([lines[0]!, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}']);
    await expect(iterator.next()).rejects.toMatchObject({ kind: 'stream-cut', reason: expect.stringContaining('overloaded_error') });
  });

  it('a stream without message_stop is cut', async () => {
    const { iterator } = open(payloads('cut-before-stop'));
    await expect(drain(iterator)).rejects.toMatchObject({ kind: 'stream-cut' });
  });

  it('garbage before content is a protocol error', async () => {
    const usages: Usage[] = [];
    const body = (async function* () {
      yield 'event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":1}}}\n\nevent: ping\ndata: <garbage>\n\n';
    })();
    const iterator = passThroughAnthropicStream(parseServerSentEvents(body), { onUsage: (usage) => usages.push(usage) })[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toMatchObject({ kind: 'protocol' });
  });

  it('commits at a thinking delta or a tool_use block start, and forwards unknown events untouched', async () => {
    const lines = [
      '{"type":"message_start","message":{"model":"claude-x","usage":{"input_tokens":3,"output_tokens":1}}}',
      '{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}',
      '{"type":"future_event","payload":{"x":1}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"sig"}}',
      '{"type":"content_block_stop","index":0}',
      '{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}}',
      '{"type":"message_stop"}',
    ];
    const { iterator, usages } = open(lines);
    const frames = await drain(iterator);
    expect(frames[0]).toContain('future_event');
    expect(frames[0]).toContain('thinking_delta');
    expect(frames.join('')).toContain('signature_delta');
    expect(usages).toEqual([{ inputTokens: 3, outputTokens: 9 }]);
  });
});
