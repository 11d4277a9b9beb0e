import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Usage } from '../../core/chat-result.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { collectStreamEvents, foldStreamEvents } from '../../../test/conformance/fold-stream-events.ts';
import { parseServerSentEvents } from '../sse/parse-server-sent-events.ts';
import { convertFromOpenAIResponse } from './convert-from-openai-response.ts';
import { passThroughOpenAIStream } from './openai-passthrough-stream.ts';
import { transformOpenAIStream } from './openai-stream-transform.ts';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const payloads = (name: string) => fixture(`${name}.chunks.txt`).split('\n').filter((line) => line.trim() !== '');

/** A fixture as SSE bytes cut at odd places, so the one SSE parser is part of every test. */
async function* sseBody(lines: string[]): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(lines.map((line) => `data: ${line}\n\n`).join(''));
  for (let start = 0; start < bytes.length; start += 29) yield bytes.slice(start, start + 29);
}

const events = (lines: string[]) => collectStreamEvents(transformOpenAIStream(parseServerSentEvents(sseBody(lines))));

describe('transformOpenAIStream (golden fixtures)', () => {
  it.each(['text', 'tool-call', 'reasoning', 'refusal', 'search-annotations'])('folding the %s stream gives the non-streaming answer', async (name) => {
    const folded = foldStreamEvents(await events(payloads(name)));
    const expected = convertFromOpenAIResponse(JSON.parse(fixture(`${name}.response.json`)));
    expect(folded).toEqual(expected);
  });

  it("turns a search model's streamed delta.annotations into text-citation events with their spans, as the text block ends", async () => {
    const all = await events(payloads('search-annotations'));
    const citations = all.filter((event) => event.type === 'text-citation');
    expect(citations.map((event) => [event.index, event.span, event.citation.url])).toEqual([
      [0, { start: 0, end: 35 }, 'https://birds.example.org/heron'],
      [0, { start: 37, end: 54 }, 'https://birds.example.org/egret'],
    ]);
    expect(all.findIndex((event) => event.type === 'text-citation')).toBe(all.findIndex((event) => event.type === 'text-end') - 2);
  });

  it('drops streamed annotations that are not url citations or lie outside the text; one over the whole text has no span', async () => {
    const replaced = [
      { type: 'url_citation', url_citation: { start_index: 0, end_index: 54, url: 'https://a.example', title: 'A' } },
      { type: 'url_citation', url_citation: { start_index: 40, end_index: 99, url: 'https://b.example', title: 'B' } },
      { type: 'file_citation', file_citation: { file_id: 'f' } },
    ];
    const lines = payloads('search-annotations').map((line) => {
      if (!line.includes('"annotations"')) return line;
      const chunk = JSON.parse(line) as { choices: Array<{ delta: Record<string, unknown> }> };
      chunk.choices[0]!.delta.annotations = replaced;
      return JSON.stringify(chunk);
    });
    const citations = (await events(lines)).filter((event) => event.type === 'text-citation');
    expect(citations.map((event) => [event.span, event.citation.url])).toEqual([[undefined, 'https://a.example']]);
  });

  it('turns reasoning_content deltas (DeepSeek, vLLM) into a reasoning block that ends when the answer starts', async () => {
    const types = (await events(payloads('reasoning'))).map((event) => ('index' in event ? `${event.type}:${event.index}` : event.type));
    expect(types).toEqual(['response-start', 'reasoning-start:0', 'reasoning-delta:0', 'reasoning-delta:0', 'reasoning-end:0', 'text-start:1', 'text-delta:1', 'text-delta:1', 'text-end:1', 'usage', 'response-end']);
    const folded = foldStreamEvents(await events(payloads('reasoning')));
    expect(folded.content).toEqual([{ type: 'reasoning', text: 'The user greets me. Answer briefly.' }, { type: 'text', text: 'Hi there!' }]);
    expect(folded.usage).toEqual({ inputTokens: 9, outputTokens: 21, reasoningTokens: 15 });
  });

  it("reads Ollama's `reasoning` field like reasoning_content", async () => {
    const lines = payloads('reasoning').map((line) => line.replaceAll('"reasoning_content"', '"reasoning"'));
    expect(foldStreamEvents(await events(lines)).content[0]).toEqual({ type: 'reasoning', text: 'The user greets me. Answer briefly.' });
  });

  it('emits start/delta/end events in order, tool calls with their own block index', async () => {
    const types = (await events(payloads('tool-call'))).map((event) => ('index' in event ? `${event.type}:${event.index}` : event.type));
    expect(types).toEqual([
      'response-start',
      'tool-call-start:0',
      'tool-call-delta:0',
      'tool-call-delta:0',
      'tool-call-start:1',
      'tool-call-delta:1',
      'tool-call-end:0',
      'tool-call-end:1',
      'usage',
      'response-end',
    ]);
  });

  it('keeps the raw finish reason beside the unified one, and cached tokens', async () => {
    const end = (await events(payloads('text'))).at(-1);
    expect(end).toEqual({
      type: 'response-end',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: 12, outputTokens: 4, cachedInputTokens: 8 },
    });
  });

  it('treats a stream that stops before its finish as cut', async () => {
    await expect(events(payloads('text').slice(0, 3))).rejects.toMatchObject({ kind: 'stream-cut' });
  });

  it('treats a chunk that is not JSON as a protocol error', async () => {
    await expect(events(['{"id":'])).rejects.toBeInstanceOf(UpstreamError);
  });
});

describe('passThroughOpenAIStream (same-format fast path)', () => {
  async function frames(lines: string[], includeUsage: boolean) {
    let usage: Usage | undefined;
    const collected: string[] = [];
    for await (const frame of passThroughOpenAIStream(parseServerSentEvents(sseBody(lines)), { includeUsage, onUsage: (reported) => (usage = reported) })) collected.push(frame);
    return { collected, usage };
  }

  it('forwards every frame byte for byte when the client asked for usage, the role chunk held until the first content', async () => {
    const lines = payloads('text');
    const { collected, usage } = await frames(lines, true);
    expect(collected.join('')).toBe(lines.map((line) => `data: ${line}\n\n`).join(''));
    // The content-free role chunk rides with the first text chunk: the stream commits there.
    expect(collected[0]).toBe(`data: ${lines[0]}\n\ndata: ${lines[1]}\n\n`);
    expect(usage).toEqual({ inputTokens: 12, outputTokens: 4, cachedInputTokens: 8 });
  });

  it('drops the usage-only chunk the gateway asked for when the client did not, but still reads it', async () => {
    const { collected, usage } = await frames(payloads('tool-call'), false);
    expect(collected.some((frame) => frame.includes('"choices":[]'))).toBe(false);
    expect(collected.at(-1)).toBe('data: [DONE]\n\n');
    expect(usage?.outputTokens).toBe(22);
  });

  it('treats a stream that stops before its finish as cut, like the translating path', async () => {
    await expect(frames(payloads('text').slice(0, 3), true)).rejects.toMatchObject({ kind: 'stream-cut' });
  });
});

describe('convertToOpenAIRequest', () => {
  it('turns top_k, which OpenAI lacks, into a warning', async () => {
    const { convertToOpenAIRequest } = await import('./convert-to-openai-request.ts');
    const request = { requestedModel: 'x', messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }], params: { topK: 5, topP: 0.5 }, stream: false, clientFormat: 'anthropic-messages' as const };
    const { value, warnings } = convertToOpenAIRequest(request, 'gpt-5.4', { maxTokensField: 'max_completion_tokens' });
    expect(value).toMatchObject({ top_p: 0.5 });
    expect(value).not.toHaveProperty('top_k');
    expect(warnings).toEqual(['top_k is not supported by OpenAI and was ignored']);
  });
});
