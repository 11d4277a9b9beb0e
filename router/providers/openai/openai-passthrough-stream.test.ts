import { describe, expect, it } from 'vitest';
import type { Usage } from '../../core/chat-result.ts';
import { parseServerSentEvents } from '../sse/parse-server-sent-events.ts';
import { passThroughOpenAIStream } from './openai-passthrough-stream.ts';

async function* sse(text: string): AsyncGenerator<string> {
  for (let start = 0; start < text.length; start += 17) yield text.slice(start, start + 17);
}

/** Pulls frames one by one so a test can see where the stream commits (its first `next()`). */
function open(text: string, includeUsage = false) {
  const usages: Usage[] = [];
  const iterator = passThroughOpenAIStream(parseServerSentEvents(sse(text)), { includeUsage, onUsage: (usage) => usages.push(usage) })[Symbol.asyncIterator]();
  return { iterator, usages };
}

const role = '{"id":"c","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}';
const hello = '{"id":"c","choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}';
const stop = '{"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}';

describe('passThroughOpenAIStream, events parsed', () => {
  it('reads usage written with spaces (a server that pretty-prints JSON)', async () => {
    const spaced = '{ "id": "c", "choices": [], "usage": { "prompt_tokens": 7, "completion_tokens": 3, "prompt_tokens_details": { "cached_tokens": 2 } } }';
    const { iterator, usages } = open(`data: ${role}\n\ndata: ${hello}\n\ndata: ${stop}\n\ndata: ${spaced}\n\ndata: [DONE]\n\n`);
    const frames: string[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) frames.push(next.value);
    expect(usages).toEqual([{ inputTokens: 7, outputTokens: 3, cachedInputTokens: 2 }]);
    expect(frames.join('')).not.toContain('"usage"');
  });

  it('a non-JSON data line before any content fails the first next() with a protocol error (the executor fails over)', async () => {
    const { iterator } = open(`data: ${role}\n\ndata: <html>oops</html>\n\ndata: ${hello}\n\n`);
    await expect(iterator.next()).rejects.toMatchObject({ kind: 'protocol' });
  });

  it('a non-JSON data line after content ends the stream with an error instead of forwarding garbage', async () => {
    const { iterator } = open(`data: ${role}\n\ndata: ${hello}\n\ndata: not json\n\n`);
    const first = await iterator.next();
    expect(first.value).toBe(`data: ${role}\n\ndata: ${hello}\n\n`);
    await expect(iterator.next()).rejects.toMatchObject({ kind: 'protocol' });
  });

  it('a stream cut after the role chunk throws from the first next(): nothing was committed', async () => {
    const { iterator } = open(`data: ${role}\n\n`);
    await expect(iterator.next()).rejects.toMatchObject({ kind: 'stream-cut' });
  });

  it('an error event, whatever its spacing, is an upstream error with its message', async () => {
    const { iterator } = open(`data: ${role}\n\ndata: { "error": { "message": "overloaded", "type": "server_error" } }\n\n`);
    await expect(iterator.next()).rejects.toMatchObject({ kind: 'stream-cut', reason: 'upstream stream error: server_error: overloaded' });
  });

  it('commits on reasoning deltas and tool calls, not only on text', async () => {
    const reasoning = '{"id":"c","choices":[{"index":0,"delta":{"reasoning_content":"Let me think"},"finish_reason":null}]}';
    const { iterator } = open(`data: ${role}\n\ndata: ${reasoning}\n\ndata: ${stop}\n\ndata: [DONE]\n\n`);
    expect((await iterator.next()).value).toBe(`data: ${role}\n\ndata: ${reasoning}\n\n`);
  });
});
